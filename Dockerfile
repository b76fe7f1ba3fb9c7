# The ecrsweep distribution on a small JRE, run as a non-root user with a numeric id (README, Install), so
# that Kubernetes' runAsNonRoot can check it: a user named by name only is refused by the kubelet.
# The base image is pinned by digest, which the release resolves when it builds (docs/RELEASE.md):
#   mvn -B -q package -DskipTests
#   BASE=$(docker buildx imagetools inspect eclipse-temurin:17-jre-alpine --format '{{json .Manifest.Digest}}' | tr -d '"')
#   docker build -t ecrsweep:VERSION --build-arg VERSION=VERSION \
#     --build-arg BASE_IMAGE=eclipse-temurin:17-jre-alpine@$BASE .
ARG BASE_IMAGE=unpinned
FROM ${BASE_IMAGE}

ARG BASE_IMAGE
ARG VERSION
RUN case "$BASE_IMAGE" in *@sha256:*) ;; *) echo "build with --build-arg BASE_IMAGE=<image>@sha256:<digest>: the base image is pinned by digest" >&2; exit 1 ;; esac \
    && test -n "$VERSION" || { echo "build with --build-arg VERSION=<the version in pom.xml>" >&2; exit 1; } \
    && addgroup -S -g 10001 ecrsweep && adduser -S -u 10001 -G ecrsweep -h /home/ecrsweep ecrsweep

COPY target/ecrsweep-${VERSION}.tar.gz /tmp/ecrsweep.tar.gz
RUN tar xzf /tmp/ecrsweep.tar.gz -C /opt && rm /tmp/ecrsweep.tar.gz \
    && ln -s /opt/ecrsweep-${VERSION}/ecrsweep /usr/local/bin/ecrsweep

USER 10001:10001
WORKDIR /home/ecrsweep
ENV ECRSWEEP_CACHE=/home/ecrsweep/.cache/ecrsweep
# The class-data-sharing archive is made now, once, so that every container starts fast.
RUN ecrsweep --version

ENTRYPOINT ["ecrsweep"]
