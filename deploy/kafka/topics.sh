#!/usr/bin/env bash
# Creates the live job's topics, or brings the settings of existing ones up to date.
#
#   BOOTSTRAP=kafka-0:9093 CLIENT_CONFIG=admin.properties deploy/kafka/topics.sh
#
# Needs Kafka's command-line tools (kafka-topics.sh, kafka-configs.sh) on the PATH, or KAFKA_BIN.
# CLIENT_CONFIG is a client properties file for the cluster's TLS/SASL (optional).
# The names are the job's defaults (slidr.kafka.topics.*); PREFIX changes all of them at once.
# Partition counts can only grow: a smaller count than the topic has is reported and left alone.
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:?set BOOTSTRAP=host:port}"
KAFKA_BIN="${KAFKA_BIN:-}"
PREFIX="${PREFIX:-slidr}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-3}"
# with acks=all (the transactional sink's) a write needs 2 of 3 replicas: one broker may be down
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-2}"
DAY_MS=86400000

admin=(--bootstrap-server "$BOOTSTRAP")
if [[ -n "${CLIENT_CONFIG:-}" ]]; then
  admin+=(--command-config "$CLIENT_CONFIG")
fi

tool() {
  "${KAFKA_BIN:+$KAFKA_BIN/}$1" "${@:2}"
}

# create_topic NAME PARTITIONS KEY=VALUE...
create_topic() {
  local name="$PREFIX.$1" partitions="$2"
  shift 2
  local configs=("min.insync.replicas=$MIN_INSYNC_REPLICAS" "$@")
  local args=()
  for c in "${configs[@]}"; do args+=(--config "$c"); done
  if tool kafka-topics.sh "${admin[@]}" --describe --topic "$name" >/dev/null 2>&1; then
    local joined
    joined=$(IFS=,; echo "${configs[*]}")
    tool kafka-configs.sh "${admin[@]}" --alter --entity-type topics --entity-name "$name" \
      --add-config "$joined"
    tool kafka-topics.sh "${admin[@]}" --alter --topic "$name" --partitions "$partitions" \
      || echo "topics.sh: $name keeps its partition count (it can only grow)" >&2
    echo "updated $name"
  else
    tool kafka-topics.sh "${admin[@]}" --create --topic "$name" --partitions "$partitions" \
      --replication-factor "$REPLICATION_FACTOR" "${args[@]}"
    echo "created $name"
  fi
}

# Clicks (key: user or session id). The job's watermarks are the record timestamps, so they must
# be the producers' click times (CreateTime). Kept 7 days: a replay of the last week reads them.
create_topic clicks 24 \
  cleanup.policy=delete retention.ms=$((7 * DAY_MS)) message.timestamp.type=CreateTime \
  max.message.bytes=1048576

# Decisions (key: click id), written in transactions; billing reads them read_committed.
# 14 days: billing's reprocessing window, and room for corrections (higher revision) to land.
create_topic decisions 24 \
  cleanup.policy=delete retention.ms=$((14 * DAY_MS)) max.message.bytes=1048576

# Dead letters carry up to 32 KiB of the original bytes each; 14 days to look into them.
create_topic dead-letters 6 \
  cleanup.policy=delete retention.ms=$((14 * DAY_MS)) max.message.bytes=1048576

# Conversions (key: click id), joined to decisions within the attribution window.
create_topic conversions 12 \
  cleanup.policy=delete retention.ms=$((7 * DAY_MS)) message.timestamp.type=CreateTime

# Control commands (activate, rollback) in one total order: one partition. Kept 90 days: they
# are rare, and the audit trail of what the job was told.
create_topic control 1 \
  cleanup.policy=delete retention.ms=$((90 * DAY_MS))

# Corrections from replays (key: click id; a Decision with a higher revision and its replay id),
# published in one transaction per replay. Compacted: billing needs only the highest revision
# per click, and a click corrected again keeps only its latest record. Deleted after 90 days
# too (compact,delete): billing's correction window is over by then.
create_topic corrections 12 \
  cleanup.policy=compact,delete retention.ms=$((90 * DAY_MS)) min.compaction.lag.ms=$((DAY_MS)) \
  max.message.bytes=1048576
