# KCK image: built from source in a Maven stage, run on a JRE 17 as a non-root user.
#   docker build -t kck .      (docker compose up --build does this for the local stack)
# The default command serves config/kck.compose.yaml (PostgreSQL and Cassandra of docker-compose.yml);
# pass another, e.g. `serve --config /app/config/kck.yaml`, or mount your own config folder.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first: this layer is rebuilt only when pom.xml changes.
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
# Main sources only (.dockerignore keeps the tests and their keys out); the tests run in `mvn verify`.
COPY src/main ./src/main
RUN mvn -q -B -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
# curl (used by HEALTHCHECK) ships in the Ubuntu-based eclipse-temurin images; the Alpine ones lack it.
RUN groupadd --system --gid 10001 kck \
 && useradd --system --uid 10001 --gid kck --home-dir /app --no-create-home --shell /usr/sbin/nologin kck
WORKDIR /app
COPY --from=build /build/target/kck.jar /app/kck.jar
# Relative paths in a config (products: config/products) resolve against WORKDIR.
COPY config/ /app/config/
# Numeric, so that Kubernetes runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/kck.jar"]
CMD ["serve", "--config", "/app/config/kck.compose.yaml"]
