# Build stage: the Swift 6 toolchain, with libargon2's headers for the CArgon2 module.
FROM swift:6.2-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libargon2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# SwiftPM checks every target's folder when it resolves, tests and benchmarks included
# (ContainerFilesTests checks that each folder Package.swift names is copied here).
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift package resolve
RUN swift build -c release --product ipcase --static-swift-stdlib

# Runtime stage: slim Debian with only the shared libraries the binary loads, run as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libargon2-1 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin ipcase
WORKDIR /app
COPY --from=build /src/.build/release/ipcase /app/ipcase
COPY Migrations ./Migrations
COPY Policies ./Policies
COPY openapi.yaml ./openapi.yaml
COPY Console ./Console
ENV IPCASE_HOME=/app \
    IPCASE_HOST=0.0.0.0 \
    IPCASE_PORT=8080 \
    IPCASE_DATA_DIR=/tmp/ipcase
USER ipcase
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fs http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["/app/ipcase"]
CMD ["serve"]
