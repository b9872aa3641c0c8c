#!/usr/bin/env bash
# Makes each image named on the command line available to the local Docker engine:
#   scripts/standins/build.sh postgres:17 cassandra:5.0 eclipse-temurin:17-jre maven:3.9-eclipse-temurin-17
#
# An image the engine already has is kept; otherwise it is pulled; and only when the pull fails (no
# registry reachable) is a stand-in built under the same name, from Debian packages and Maven
# artifacts. A stand-in behaves as the official image does for what this repository's
# docker-compose.yml and Dockerfile use (see scripts/standins/README.md). Where Docker Hub answers, the
# real images are used and no stand-in is ever built.
#
# Stand-ins are built as kck-standin/NAME and tagged NAME. Each carries the label dev.kck.standin.key:
# a hash of its recipe (the files in its folder, its parent image and its downloads), so that an
# unchanged stand-in is not rebuilt and a changed recipe is. Base images come from
# `debootstrap --variant=minbase` + `docker import`; their root file systems are kept in the cache
# folder and reused for KCK_STANDIN_BASE_MAX_AGE_DAYS days.
#
# Environment:
#   KCK_STANDIN_CACHE              cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/kck-standins)
#   KCK_STANDIN_MIRROR             Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   KCK_STANDIN_BASE_MAX_AGE_DAYS  reuse a cached root file system this long (default 30)
#   KCK_STANDIN_PULL               0 = do not try to pull, build stand-ins for missing images at once
# Needs: docker, and to build stand-ins: debootstrap (root), mvn (Maven Central from this host).
set -euo pipefail
shopt -s inherit_errexit

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${KCK_STANDIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kck-standins}"
MIRROR="${KCK_STANDIN_MIRROR:-http://deb.debian.org/debian}"
BASE_MAX_AGE_DAYS="${KCK_STANDIN_BASE_MAX_AGE_DAYS:-30}"
PULL="${KCK_STANDIN_PULL:-1}"

# Bump when debootstrap_tar changes what goes into a root file system (cached ones are then remade).
ROOTFS_RECIPE=2

# The Maven of the maven:3.9 stand-in (from Maven Central, org.apache.maven:apache-maven:bin).
MAVEN_VERSION=3.9.16

log() { printf '[standins] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The stand-in recipe (a folder here) for an official image name, and the image it is built on.
recipe_of() {
  case "$1" in
    postgres:17) echo postgres-17 ;;
    cassandra:5.0) echo cassandra-5.0 ;;
    eclipse-temurin:17-jre) echo eclipse-temurin-17-jre ;;
    maven:3.9-eclipse-temurin-17) echo maven-3.9-eclipse-temurin-17 ;;
    *) return 1 ;;
  esac
}
parent_of() {
  case "$1" in
    # Debian 12 packages PostgreSQL 15 only (also in backports); Debian 13 packages PostgreSQL 17.
    postgres:17) echo base:trixie ;;
    eclipse-temurin:17-jre) echo base:bookworm ;;
    # As the official images are: both on the JRE 17 image.
    cassandra:5.0 | maven:3.9-eclipse-temurin-17) echo eclipse-temurin:17-jre ;;
  esac
}

label_of() {  # IMAGE LABEL -> value ("" when the image or the label is absent)
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//' || true
}
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
hash_dir() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }
hash_text() { printf '%s' "$*" | sha256sum | cut -c1-16; }

# --- Debian base images --------------------------------------------------------------------------

# kck-standin/debian:SUITE from `debootstrap --variant=minbase SUITE`, its root file system cached as
# $CACHE/rootfs/debian-SUITE-minbase-rRECIPE-YYYYMMDD.tar and reused while younger than BASE_MAX_AGE_DAYS.
base_image() {
  local suite="$1" image="kck-standin/debian:$1" tarball key
  mkdir -p "$CACHE/rootfs"
  find "$CACHE/rootfs" -name "debian-$suite-minbase-*.tar" \( -mtime "+$BASE_MAX_AGE_DAYS" -o ! -name "*-r$ROOTFS_RECIPE-*" \) -delete
  tarball="$(find "$CACHE/rootfs" -name "debian-$suite-minbase-r$ROOTFS_RECIPE-*.tar" | LC_ALL=C sort | tail -n 1)"
  if [ -z "$tarball" ]; then
    # No root file system cached (the cache folder was emptied): an imported base that is young
    # enough is kept as it is.
    if [[ "$(label_of "$image" dev.kck.standin.key)" == *"-r$ROOTFS_RECIPE-"* ]] \
        && [ "$(date -d "$(docker image inspect -f '{{.Created}}' "$image")" +%s)" -gt \
             "$(date -d "-$BASE_MAX_AGE_DAYS days" +%s)" ]; then
      log "$image: kept ($(label_of "$image" dev.kck.standin.key); its root file system is no longer cached)"
      echo "$image"
      return
    fi
    tarball="$CACHE/rootfs/debian-$suite-minbase-r$ROOTFS_RECIPE-$(date +%Y%m%d).tar"
    debootstrap_tar "$suite" "$tarball"
  fi
  key="$(basename "$tarball" .tar)"
  if [ "$(label_of "$image" dev.kck.standin.key)" != "$key" ]; then
    log "$image: importing $tarball"
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --change "LABEL dev.kck.standin=debian:$suite dev.kck.standin.key=$key" \
      "$tarball" "$image" >/dev/null
  fi
  echo "$image"
}

debootstrap_tar() {
  local suite="$1" tarball="$2" rootfs started
  command -v debootstrap >/dev/null || die "debootstrap is needed to build the $suite base (apt-get install -y debootstrap)"
  [ "$(id -u)" = 0 ] || die "debootstrap needs root"
  rootfs="$(mktemp -d "${TMPDIR:-/tmp}/kck-rootfs-$suite.XXXXXX")"
  started=$SECONDS
  log "debian:$suite: debootstrap --variant=minbase $suite from $MIRROR (a minute or two)"
  if ! debootstrap --variant=minbase "$suite" "$rootfs" "$MIRROR" > "$rootfs.log" 2>&1; then
    tail -n 20 "$rootfs.log" >&2
    rm -rf "$rootfs" "$rootfs.log"
    die "debootstrap $suite failed"
  fi
  # What the official debian images set up: updates and security sources, no apt caches kept.
  cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -f "$rootfs/etc/apt/sources.list"
  cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' > "$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  # No documentation, manual pages or translations, as in the slim Debian and minimal Ubuntu images
  # that the official images start from (licences stay).
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/docker-excludes" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  # Packages' scripts that link manual pages (update-alternatives for java) need the folders.
  mkdir -p "$rootfs"/usr/share/man/man{1..8}
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  # Services must not start while images are built (as in the official images).
  printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
  chmod +x "$rootfs/usr/sbin/policy-rc.d"
  rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/root/.bash_history
  : > "$rootfs/etc/hostname"
  tar --numeric-owner --xattrs -C "$rootfs" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
  rm -rf "$rootfs" "$rootfs.log"
  log "debian:$suite: root file system ready in $((SECONDS - started)) s ($(du -h "$tarball" | cut -f1), $tarball)"
}

# --- Downloads for the recipes (on the host: containers here may not verify TLS to Maven Central) ---

# The run-time jars of cassandra-all (the recipe's pom.xml), into DIR.
cassandra_jars() {
  local dir="$1"
  command -v mvn >/dev/null || die "mvn is needed to fetch the Cassandra jars"
  mvn -B -f "$HERE/cassandra-5.0/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dir" \
    -DexcludeClassifiers=osx-x86_64,osx-aarch_64,windows-x86_64,linux-aarch_64,linux-riscv64 \
    > "$CACHE/mvn.log" 2>&1 || { tail -n 30 "$CACHE/mvn.log" >&2; die "could not fetch the Cassandra jars"; }
}

# Maven $MAVEN_VERSION's binary distribution, unpacked under $CACHE/maven (prints its home).
maven_home() {
  local home="$CACHE/maven/apache-maven-$MAVEN_VERSION"
  if [ ! -x "$home/bin/mvn" ]; then
    command -v mvn >/dev/null || die "mvn is needed to fetch Maven $MAVEN_VERSION"
    mkdir -p "$CACHE/maven"
    mvn -B dependency:copy -Dartifact="org.apache.maven:apache-maven:$MAVEN_VERSION:tar.gz:bin" \
      -DoutputDirectory="$CACHE/maven" > "$CACHE/mvn.log" 2>&1 \
      || { tail -n 30 "$CACHE/mvn.log" >&2; die "could not fetch Maven $MAVEN_VERSION"; }
    tar -xzf "$CACHE/maven/apache-maven-$MAVEN_VERSION-bin.tar.gz" -C "$CACHE/maven"
  fi
  echo "$home"
}

# The key of the Maven repository that builds this project: it depends on pom.xml and Maven only.
maven_seed_key() { hash_text "$MAVEN_VERSION $(sha256sum "$ROOT/pom.xml")"; }

# A local Maven repository holding every artifact the Dockerfile's build stage needs, filled on the
# host by running the build stage's own two commands on a copy of pom.xml and src/main. Cached per key.
maven_seed() {
  local key="$1" seed="$CACHE/maven-seed/$1" mvn work started
  if [ ! -f "$seed/complete" ]; then
    mvn="$(maven_home)/bin/mvn"
    rm -rf "$seed"
    mkdir -p "$seed"
    work="$(mktemp -d "${TMPDIR:-/tmp}/kck-seed.XXXXXX")"
    mkdir -p "$work/src"
    cp "$ROOT/pom.xml" "$work/"
    cp -r "$ROOT/src/main" "$work/src/"
    started=$SECONDS
    log "maven: filling a local repository for the build stage from Maven Central (on the host)"
    # Reuse what this host already downloaded: a local mirror would not do (its metadata files are
    # named per repository), so Maven fetches from Central, quickly, through the host's own settings.
    (cd "$work" \
      && "$mvn" -B -Dmaven.repo.local="$seed/repository" dependency:go-offline \
      && "$mvn" -B -Dmaven.repo.local="$seed/repository" -Dmaven.test.skip=true package) > "$CACHE/mvn.log" 2>&1 \
      || { tail -n 30 "$CACHE/mvn.log" >&2; rm -rf "$work" "$seed"; die "could not fill the Maven repository for the build stage"; }
    rm -rf "$work"
    find "$seed/repository" -name '*.lastUpdated' -delete
    touch "$seed/complete"
    log "maven: repository ready in $((SECONDS - started)) s ($(du -sh "$seed/repository" | cut -f1))"
  fi
  # Older seeds are of older poms.
  find "$CACHE/maven-seed" -mindepth 1 -maxdepth 1 ! -name "$key" -exec rm -rf {} +
  echo "$seed/repository"
}

# --- Stand-ins -------------------------------------------------------------------------------------

# Builds kck-standin/NAME when its recipe changed, tags it NAME, and prints its image name.
standin() {
  local name="$1" recipe dir parent parent_image key extra="" ctx seed image="kck-standin/$1" started
  recipe="$(recipe_of "$name")" || die "no stand-in for $name: add a recipe under $HERE"
  dir="$HERE/$recipe"
  parent="$(parent_of "$name")"
  case "$parent" in
    base:*) parent_image="$(base_image "${parent#base:}")" || exit 1 ;;
    *) parent_image="$(standin "$parent")" || exit 1 ;;
  esac
  case "$name" in
    maven:*) extra="maven $MAVEN_VERSION seed $(maven_seed_key)" ;;
  esac
  key="$(hash_text "$recipe $(hash_dir "$dir") $(image_id "$parent_image") $extra")"
  if [ "$(label_of "$image" dev.kck.standin.key)" != "$key" ]; then
    started=$SECONDS
    ctx="$(mktemp -d "${TMPDIR:-/tmp}/kck-standin-$recipe.XXXXXX")"
    cp -r "$dir/." "$ctx/"
    case "$name" in
      cassandra:*)
        log "$name: fetching the cassandra-all jars (Maven, on the host)"
        cassandra_jars "$ctx/lib" ;;
      maven:*)
        cp "$(maven_home)/../apache-maven-$MAVEN_VERSION-bin.tar.gz" "$ctx/"
        seed="$(maven_seed "$(maven_seed_key)")" || exit 1
        # Hard links where the cache and the temporary folder share a file system.
        cp -al "$seed" "$ctx/repository" 2>/dev/null || cp -a "$seed" "$ctx/repository" ;;
    esac
    log "$name: building the stand-in $image from $parent_image"
    if ! docker build -q --build-arg "BASE=$parent_image" --build-arg "MAVEN_VERSION=$MAVEN_VERSION" \
        --label "dev.kck.standin=$name" --label "dev.kck.standin.key=$key" \
        -t "$image" "$ctx" > "$ctx.log" 2>&1; then
      tail -n 40 "$ctx.log" >&2
      rm -rf "$ctx" "$ctx.log"
      die "building the stand-in for $name failed"
    fi
    rm -rf "$ctx" "$ctx.log"
    log "$name: stand-in built in $((SECONDS - started)) s"
  fi
  echo "$image"
}

ensure() {
  local name="$1" current
  if docker image inspect "$name" >/dev/null 2>&1; then
    current="$(label_of "$name" dev.kck.standin.key)"
    if [ -z "$current" ]; then
      log "$name: present"
      return
    fi
  elif [ "$PULL" != 0 ] && docker pull -q "$name" >/dev/null 2>"$CACHE/pull.err"; then
    log "$name: pulled"
    return
  else
    [ "$PULL" = 0 ] || log "$name: cannot be pulled ($(tail -n 1 "$CACHE/pull.err" | cut -c1-120)); a stand-in takes its place"
  fi
  local built
  built="$(standin "$name")" || exit 1
  docker tag "$built" "$name"
  log "$name: stand-in $(label_of "$name" dev.kck.standin.key), $(docker image inspect -f '{{.Size}}' "$name" | awk '{printf "%d MB", $1/1000000}')"
}

[ "$#" -gt 0 ] || die "usage: $0 IMAGE..."
command -v docker >/dev/null || die "docker is needed"
mkdir -p "$CACHE"
for image in "$@"; do
  ensure "$image"
done
