# gitflags server image: build the jar with Maven, run it on a JRE as a non-root user.
#   docker build -t gitflags .
#   docker run -p 8080:8080 -v "$PWD/my-flags:/config:ro" gitflags
# The image is also the CLI:  docker run --rm -v "$PWD:/config:ro" gitflags validate --repo /config --format github

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so a source change does not download them again (the reactor's own modules are not
# published yet, hence the || true).
COPY pom.xml ./
COPY src/core/pom.xml src/core/
COPY src/openfeature/pom.xml src/openfeature/
COPY src/server/pom.xml src/server/
RUN mvn -B -q dependency:go-offline || true
COPY schema ./schema
COPY src ./src
# The reactor: gitflags-core, then gitflags-server, whose runnable jar lands in target/gitflags.jar.
RUN mvn -B -q package -DskipTests && cp target/gitflags.jar /gitflags.jar

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="gitflags" \
      org.opencontainers.image.description="GitOps feature flags: validate, resolve, evaluate and serve YAML flags kept in Git"
RUN groupadd --system --gid 10001 gitflags \
 && useradd --system --uid 10001 --gid gitflags --home-dir /app --shell /usr/sbin/nologin gitflags
COPY --from=build /gitflags.jar /app/gitflags.jar
USER 10001:10001
WORKDIR /app
# Heap follows the container's memory limit; /tmp is the only place the JVM writes (mount it when the root is read-only).
# No -XX:+ExitOnOutOfMemoryError: a commit whose load runs out of memory is rejected and its garbage collected while
# the last good snapshot stays served; exiting would make every replica following the ref crash-loop on that commit.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
# The config repo is mounted at /config: a git repo whose HEAD is served and followed as it moves.
VOLUME ["/config"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/gitflags.jar"]
CMD ["serve", "--repo", "/config", "--ref", "HEAD", "--port", "8080"]
