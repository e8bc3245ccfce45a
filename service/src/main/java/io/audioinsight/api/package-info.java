/**
 * The wire format shared by the HTTP API and the event-bus API: request parameters and their validation,
 * the JSON of results, and problems (RFC 9457). Both front ends call this code, so the same input gets the
 * same answer and the same status on either.
 */
package io.audioinsight.api;
