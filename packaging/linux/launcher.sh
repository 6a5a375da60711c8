#!/bin/sh
# /usr/bin/qkd-planner: starts the QKD Rollout Planner installed under /opt/qkd-rollout-planner.
exec /opt/qkd-rollout-planner/qkd-planner "$@"
