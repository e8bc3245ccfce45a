package io.audioinsight.api;

import io.audioinsight.api.ParamParser;
import io.audioinsight.config.AppConfig;
import io.audioinsight.inference.InferenceService;
import io.audioinsight.observe.Health;
import io.audioinsight.observe.InFlightRequests;
import io.audioinsight.observe.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the verticles share, built once by {@link App} and passed to each instance. */
public record FrontEndContext(
    AppConfig config,
    InferenceService inference,
    ParamParser params,
    Health health,
    InFlightRequests inFlight,
    PrometheusMeterRegistry registry,
    ServiceMetrics metrics,
    JsonAudio json,
    io.audioinsight.jobs.JobManager jobs,
    io.audioinsight.fetch.UrlFetcher fetcher,
    io.audioinsight.fetch.CallbackSender callbacks,
    io.audioinsight.observe.LogRateLimit accessLogLimit) {}
