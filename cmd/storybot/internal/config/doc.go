// Package config is storybot's configuration: what the process reads
// from the environment (SLACK_*, PORT, GOMEMLIMIT, DATABASE_URL,
// REDIS_URL, STORYBOT_*…), each setting's default, and the checks whose
// errors name the variable to set. Only cmd/storybot reads it; the bot
// and the other packages take plain options made from it.
//
// FromEnv (config.go) reads Config: Slack's tokens and the mode they pick
// (Pick, Validate, Warnings), logging, and the settings of a running
// service (rate limits, the admin address, the watch, the shutdown, the
// memory limit, read by ParseByteSize in bytesize.go); the conversations'
// thread memory, feedback log and question log (conversations.go); many
// workspaces and the state shared between replicas (workspaces.go).
// Config prints and logs without its secrets.
package config
