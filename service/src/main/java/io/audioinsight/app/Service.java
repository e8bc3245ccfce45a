package io.audioinsight.app;

import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.JsonAudio;
import io.audioinsight.api.ParamParser;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.bus.AudioBusVerticle;
import io.audioinsight.cluster.ClusterJoin;
import io.audioinsight.cluster.ClusterNode;
import io.audioinsight.cluster.HazelcastJobStore;
import io.audioinsight.bus.JobsBusVerticle;
import io.audioinsight.config.AppConfig;
import io.audioinsight.config.VertxConfig;
import io.audioinsight.http.ApiContract;
import io.audioinsight.http.BufferedBytes;
import io.audioinsight.http.HttpMetricLabels;
import io.audioinsight.http.HttpVerticle;
import io.audioinsight.http.ManagementServer;
import io.audioinsight.http.OpenConnections;
import io.audioinsight.http.SelfDescriptionRoutes;
import io.audioinsight.inference.InferenceService;
import io.audioinsight.inference.LocalInferenceService;
import io.audioinsight.fetch.CallbackSender;
import io.audioinsight.fetch.UrlFetcher;
import io.audioinsight.jobs.JobView;
import io.vertx.core.buffer.Buffer;
import io.audioinsight.jobs.AudioSpool;
import io.audioinsight.jobs.FileJobStore;
import io.audioinsight.jobs.JobManager;
import io.audioinsight.jobs.JobMetrics;
import io.audioinsight.jobs.UrlSpooler;
import io.audioinsight.inference.BacklogAdmission;
import io.audioinsight.inference.WarmUpAudio;
import io.audioinsight.observe.BlockedThreadMonitor;
import io.audioinsight.observe.Health;
import io.audioinsight.observe.InFlightRequests;
import io.audioinsight.observe.ServiceMetrics;
import io.audioinsight.stream.LiveStreams;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running instance of the service: its Vertx, the shared parts, and the deployments. {@link App} starts it
 * from the command line; tests start it in-process with their own config and engine.
 */
public final class Service {

  private static final System.Logger LOG = System.getLogger(Service.class.getName());
  /** Seconds of audio each pool thread analyses during warm-up. */
  private static final double WARM_UP_SECONDS = 2.0;

  private final AppConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final LocalInferenceService inference;
  /** This node's membership and routing in cluster mode; null with cluster.enabled off. */
  private final ClusterNode cluster;
  private final JobManager jobs;
  private final UrlFetcher fetcher;
  private final CallbackSender callbacks;
  private final Health health = new Health();
  private final InFlightRequests inFlight = new InFlightRequests();
  private final BlockedThreadMonitor blockedThreads;
  private final ServiceMetrics metrics;
  private final BufferedBytes bodies;
  private final OpenConnections connections;
  private final LiveStreams streams;
  private ManagementServer management;
  private final int httpInstances;
  private final java.util.concurrent.atomic.AtomicReference<HttpVerticle> firstHttpVerticle =
      new java.util.concurrent.atomic.AtomicReference<>();
  private String httpDeployment;
  private Future<Void> warm;
  private Future<Void> shutdown;

  private Service(AppConfig config, Analyzer analyzer, PrometheusMeterRegistry registry, VertxOptions options,
                  Vertx vertx, HazelcastClusterManager clusterManager) {
    this.config = config;
    this.registry = registry;
    this.vertx = vertx;
    StartupPreload.run(vertx, registry);
    this.metrics = new ServiceMetrics(registry);
    this.bodies = new BufferedBytes(config.http().maxBufferedBytes());
    this.connections = new OpenConnections(config.http().maxConnections());
    metrics.bufferedBytes(bodies::used, bodies.capacity());
    metrics.openConnections(connections::open);
    this.blockedThreads = BlockedThreadMonitor.install(vertx, metrics);
    BacklogAdmission admission = new BacklogAdmission(config.inference().queueLimit(),
        config.inference().maxQueuedAudioSeconds(), config.inference().threads(), config.inference().admissionControl());
    this.inference = new LocalInferenceService(vertx, analyzer, config.inference(), admission, metrics);
    JobMetrics jobMetrics = new JobMetrics(registry);
    // Cluster mode: the records in Hazelcast (replicated), the audio in jobs.dir, a volume every node shares.
    HazelcastJobStore sharedStore = clusterManager == null ? null : ClusterNode.jobStore(clusterManager);
    this.jobs = new JobManager(vertx, config.jobs(),
        sharedStore != null ? sharedStore : FileJobStore.open(config.jobs().path()),
        sharedStore != null ? AudioSpool.openShared(config.jobs().path(), config.jobs().maxSpoolBytes())
            : AudioSpool.open(config.jobs().path(), config.jobs().maxSpoolBytes()),
        analyzer, inference.admission(),
        config.inference().threads(), config.inference().maxTimeoutMs() + 10_000, config.inference().threadNice(),
        jobMetrics);
    this.cluster = clusterManager == null ? null
        : new ClusterNode(vertx, clusterManager, inference, admission, config.inference(), metrics, jobs, sharedStore);
    if (cluster != null) {
      health.requireMembership(cluster::joined);
    }
    this.fetcher = new UrlFetcher(vertx, config.fetch(), jobMetrics::fetchFailed);
    jobs.downloadWith((id, url, abort) -> UrlSpooler.toSpool(vertx, fetcher, jobs.spool(), id, url, jobs.spoolFull(),
        abort));
    this.callbacks = new CallbackSender(vertx, config.fetch(), jobMetrics::fetchFailed);
    // A job's end is committed first, then announced: a crash in between loses the callback, never the result.
    jobs.onFinished(job -> {
      if (job.callbackUrl() != null) {
        Buffer body = JobView.of(job).toBuffer();
        callbacks.deliver(job.callbackUrl(), job.id(), body);
      }
    });
    this.streams = config.stream().maxStreams() == 0 ? null
        : new LiveStreams(vertx, config.stream().cappedBy(config.inference().maxAudioSeconds()), analyzer.voiceActivityDetector(),
            new ParamParser(config.vad()), config.http().corsOrigins(), config.inference().threads(), config.inference().maxTimeoutMs() + 10_000,
            config.inference().threadNice(), registry);
    int instances = config.http().instances();
    this.httpInstances = instances > 0 ? instances : options.getEventLoopPoolSize();
  }

  /** The checker settings, every one with its TimeUnit: Vert.x 5 reads a bare number as nanoseconds for some. */
  static VertxOptions vertxOptions(VertxConfig c) {
    return new VertxOptions()
        .setMaxEventLoopExecuteTime(c.maxEventLoopExecuteTimeMs())
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(c.blockedThreadCheckIntervalMs())
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(c.warningExceptionTimeMs())
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
  }

  /**
   * Builds Vertx, deploys the HTTP and event-bus verticles and starts the warm-up. The future completes once
   * the port is bound; readiness turns green later, when {@link #warm()} completes.
   */
  public static Future<Service> start(AppConfig config, Analyzer analyzer) {
    StartupPreload.beforeVertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpMetricLabels.bound(registry);
    VertxOptions options = vertxOptions(config.vertx())
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    if (config.http().readSliceBytes() > 0) {
      builder.withTransport(new FairReadTransport(config.http().readSliceBytes()));
    }
    if (!config.cluster().enabled()) {
      return deploy(new Service(config, analyzer, registry, options, builder.with(options).build(), null), analyzer);
    }
    // Cluster mode: nothing of the service exists until the node has joined.
    // The constructor opens the job store and loads classes: off the event loop the join completes on.
    return ClusterJoin.join(config.cluster(), options, builder).compose(joined -> joined.vertx()
        .executeBlocking(() -> new Service(config, analyzer, registry, options, joined.vertx(), joined.manager()), false)
        .recover(e -> joined.vertx().close().transform(x -> Future.failedFuture(e)))
        .compose(service -> {
          LOG.log(Level.INFO, "joined the cluster as node " + service.cluster.nodeId() + " ("
              + service.cluster.members().size() + " members)");
          return deploy(service, analyzer);
        }));
  }

  private static Future<Service> deploy(Service service, Analyzer analyzer) {
    AppConfig config = service.config;
    ParamParser params = new ParamParser(config.vad());
    InferenceService inference = service.cluster == null ? service.inference : service.cluster.inference();
    FrontEndContext ctx = new FrontEndContext(config, inference, params, service.health,
        service.inFlight, service.registry, service.metrics, new JsonAudio(params, config.http().maxBodyBytes()),
        service.jobs, service.fetcher, service.callbacks,
        new io.audioinsight.observe.LogRateLimit(io.audioinsight.http.HttpVerticle.ACCESS_LINES_PER_SECOND));
    // The contract is checked against the OpenAPI schema before the port opens: a broken one stops start-up.
    Future<SelfDescriptionRoutes> selfDescription = ApiContract.loadOnWorker(service.vertx)
        .compose(contract -> service.vertx.executeBlocking(
            () -> new SelfDescriptionRoutes(contract, config.pages(), service.inference.vadEngine(),
                analyzer.speakerEngine()), false));
    Future<String> http = selfDescription.compose(pages -> service.vertx.deployVerticle(() -> {
          HttpVerticle verticle = new HttpVerticle(ctx, service.bodies, service.connections, pages,
              service.streams);
          service.firstHttpVerticle.compareAndSet(null, verticle);
          return verticle;
        },
        new DeploymentOptions().setInstances(service.httpInstances)));
    Future<String> bus = service.vertx.deployVerticle(new AudioBusVerticle(ctx));
    Future<String> jobsBus = service.vertx.deployVerticle(new JobsBusVerticle(ctx));
    Future<?> management = config.http().managementPort() == 0 ? Future.succeededFuture()
        : ManagementServer.start(config.http().managementPort(), service.health, service.registry)
            .onSuccess(m -> service.management = m);
    Future<String> clusterProtocol = service.cluster == null ? Future.succeededFuture()
        : service.cluster.deploy(service.vertx);
    return Future.all(List.of(http, bus, jobsBus, management, clusterProtocol))
        .onSuccess(v -> {
          service.httpDeployment = http.result();
          service.warm = service.inference.warmUp(WarmUpAudio.wav(WARM_UP_SECONDS))
              .compose(x -> service.jobs.start())
              .onSuccess(x -> service.health.markReady())
              .onFailure(t -> LOG.log(Level.ERROR, "warm-up failed; the service stays not ready", t));
        })
        .map(service)
        .recover(t -> (service.management == null ? Future.succeededFuture() : service.management.close())
            .eventually(() -> service.vertx.close())
            .transform(x -> Future.failedFuture(t)));
  }

  /** Completes when every pool thread has run one analysis (readiness is then green). */
  public Future<Void> warm() {
    return warm;
  }

  /**
   * Graceful shutdown (drain), in order:
   * <ol>
   *   <li>readiness turns 503 at once;</li>
   *   <li>for {@code shutdown.grace_ms} requests are still served as usual, so load balancers see the 503 and stop
   *       sending;</li>
   *   <li>then admission closes: every new analysis (HTTP or event bus) gets 503 + Retry-After at once, while
   *       every job already admitted finishes or meets its deadline;</li>
   *   <li>once no job waits or runs, the HTTP servers stop accepting and finish the responses in flight,
   *       event-bus requests in flight finish, and Vert.x closes.</li>
   * </ol>
   * Nothing waits longer than {@code inference.max_timeout_ms} per step. Idempotent.
   */
  public synchronized Future<Void> shutdown() {
    if (shutdown != null) {
      return shutdown;
    }
    health.startDraining();
    if (cluster != null) {
      // Queued jobs go to the other nodes now rather than waiting for this drain; running ones once it has left.
      cluster.handOverJobs().onFailure(t -> LOG.log(Level.WARNING, "draining: handing jobs over failed", t));
    }
    LOG.log(Level.INFO, "draining: readiness is 503; serving for " + config.shutdownGraceMs() + " ms more");
    Promise<Void> grace = Promise.promise();
    if (config.shutdownGraceMs() > 0) {
      vertx.setTimer(config.shutdownGraceMs(), id -> grace.complete());
    } else {
      grace.complete();
    }
    shutdown = grace.future()
        .compose(v -> {
          inference.admission().stopAdmitting();
          LOG.log(Level.INFO, "draining: new analyses get 503; waiting for " + inference.admission().waitingJobs()
              + " queued and " + inference.admission().runningJobs() + " running jobs");
          return whenNoJobs(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.inference().maxTimeoutMs()));
        })
        .compose(v -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment))
        .compose(v -> whenIdle(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.inference().maxTimeoutMs())))
        .eventually(() -> jobs.stop())
        .eventually(() -> jobs.close())
        .eventually(() -> fetcher.close())
        .eventually(() -> callbacks.close())
        .eventually(() -> streams == null ? Future.succeededFuture() : streams.close())
        .eventually(() -> inference.close())
        .eventually(() -> management == null ? Future.succeededFuture() : management.close())
        .eventually(() -> vertx.close())
        .onComplete(ar -> LOG.log(Level.INFO, "stopped"));
    return shutdown;
  }

  /**
   * Completes when every admitted request has its answer and no job runs (new ones are refused by then), or at
   * {@code deadline}. Not "no request in flight": under load, refused requests keep arriving until the end.
   */
  private Future<Void> whenNoJobs(long deadline) {
    return when(() -> inference.unanswered() == 0 && inference.admission().runningJobs() == 0
        && (cluster == null || cluster.outstandingForwards() == 0), deadline);
  }

  /** Completes when {@code condition} holds (polled every 10 ms on a timer), or at {@code deadline}. */
  private Future<Void> when(java.util.function.BooleanSupplier condition, long deadline) {
    Promise<Void> done = Promise.promise();
    if (condition.getAsBoolean()) {
      done.complete();
      return done.future();
    }
    // armed on an event loop: from another thread (a shutdown hook) the first tick could run before
    // setPeriodic returned, and cancelling it from there fails inside Vert.x
    vertx.runOnContext(v -> vertx.setPeriodic(10, id -> {
      if (condition.getAsBoolean() || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    }));
    return done.future();
  }

  /** Completes when no request is in flight (event-bus requests included), or at {@code deadline}. */
  private Future<Void> whenIdle(long deadline) {
    Promise<Void> idle = Promise.promise();
    if (inFlight.count() == 0) {
      idle.complete();
      return idle.future();
    }
    // armed on an event loop: from another thread (a shutdown hook) the first tick could run before
    // setPeriodic returned, and cancelling it from there fails inside Vert.x
    vertx.runOnContext(v -> vertx.setPeriodic(10, id -> {
      if (inFlight.count() == 0 || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        idle.tryComplete();
      }
    }));
    return idle.future();
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The live streams, or null when {@code stream.max_streams} is 0. */
  public LiveStreams streams() {
    return streams;
  }

  public LocalInferenceService inference() {
    return inference;
  }

  /** This node's cluster membership and routing, or null when cluster.enabled is off. */
  public ClusterNode cluster() {
    return cluster;
  }

  public JobManager jobs() {
    return jobs;
  }

  public Health health() {
    return health;
  }

  public BlockedThreadMonitor blockedThreads() {
    return blockedThreads;
  }

  /** The bound HTTP port (the configured one, or the one the OS chose for 0). */
  public int httpPort() {
    HttpVerticle first = firstHttpVerticle.get();
    return first != null ? first.actualPort() : config.http().port();
  }

  /** The bound management port, or 0 when {@code management.port} is off. */
  public int managementPort() {
    return management == null ? 0 : management.actualPort();
  }

  public int httpInstances() {
    return httpInstances;
  }

  public AppConfig config() {
    return config;
  }
}
