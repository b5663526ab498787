# crmstream image: docker build -t crmstream .
# Build stage: the Debian 12 packages of scripts/install-deps.sh, a Release build of the binary,
# and the list of Debian packages that provide the shared libraries it links.
FROM debian:12 AS build
ARG JOBS=2
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN /tmp/install-deps.sh && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRM_WERROR=OFF \
 && cmake --build /build -j"${JOBS}" --target crmstream \
 && strip /build/app/crmstream \
 && for lib in $(ldd /build/app/crmstream | awk '$2 == "=>" && $3 ~ /^\// {print $3}'); do \
      dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")"; \
    done | cut -d: -f1 | sort -u > /build/runtime-packages.txt \
 && cat /build/runtime-packages.txt

# Runtime stage: only the shared libraries' packages, a non-root user, the state volume.
FROM debian:12-slim
COPY --from=build /build/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
      $(cat /tmp/runtime-packages.txt) \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && groupadd --system --gid 10001 crmstream \
 && useradd --system --uid 10001 --gid crmstream --home-dir /var/lib/crmstream \
      --no-create-home --shell /usr/sbin/nologin crmstream \
 && mkdir -p /var/lib/crmstream /etc/crmstream \
 && chown crmstream:crmstream /var/lib/crmstream && chmod 0750 /var/lib/crmstream
COPY --from=build /build/app/crmstream /usr/local/bin/crmstream
# Fails the build if a shared library is missing from the runtime stage.
RUN crmstream --version
# Every key with its default; mount the real configuration at /etc/crmstream/crmstream.yaml.
COPY deploy/crmstream.yaml /etc/crmstream/crmstream.example.yaml
USER 10001:10001
VOLUME ["/var/lib/crmstream"]
EXPOSE 9464
# run stops cleanly on SIGTERM within 10 s; give it that long (docker stop -t 15).
STOPSIGNAL SIGTERM
ENTRYPOINT ["crmstream"]
CMD ["run", "--config", "/etc/crmstream/crmstream.yaml"]
