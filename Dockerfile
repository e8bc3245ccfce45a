# audio-insight as a container image; README "Running a cluster" runs three of them with compose.yaml.
#   docker build -t audio-insight .
#   docker run -p 8080:8080 audio-insight                      (one node, cluster mode off)
# Build stage: the shaded service jar (the engine's Silero model is fetched and checksum-verified by the build).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl service -am package

FROM eclipse-temurin:17-jre
# /app/data/jobs exists in the image, owned by the service's user, so that a fresh volume mounted there takes its
# owner (compose.yaml mounts one shared volume on every node).
RUN useradd --system --uid 10001 --home /app audio && mkdir -p /app/conf /app/data/jobs && chown -R audio /app/data
WORKDIR /app
COPY --from=build /src/service/target/audio-insight.jar /app/audio-insight.jar
COPY conf/config.json /app/conf/config.json
USER audio
# Jobs survive a restart of the container only with a volume here; in cluster mode one volume shared by every node.
ENV JOBS_DIR=/app/data/jobs
# 8080 HTTP API; 5701 Hazelcast membership (cluster.port); 5801 clustered event bus (cluster.bus_port)
EXPOSE 8080 5701 5801
# A container's memory limit, not the host's, sizes the heap.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/audio-insight.jar"]
