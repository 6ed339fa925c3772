# Build the `governance` binary, then run it on a slim Debian with libpq and curl (for the health check).
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin governance

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/governance governance \
    && mkdir -p /var/lib/governance && chown governance /var/lib/governance
COPY --from=build /src/target/release/governance /usr/local/bin/governance
USER governance
WORKDIR /var/lib/governance
EXPOSE 8080
ENTRYPOINT ["governance"]
CMD ["serve"]
