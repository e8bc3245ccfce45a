// Renders this service's own contract; "Try it out" sends requests to the same origin.
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null // the public validator badge would call out to swagger.io
});
