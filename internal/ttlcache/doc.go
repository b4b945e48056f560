// Package ttlcache is storybot's one bounded cache in process
// (ttlcache.go): at most a given number of entries, each kept for its own
// time to live after it was put, on a clock the tests can set. The bot's
// thread memory, the in-process store.MemoryValues (the channels where
// Slack asked to wait, among others) and store.MemoryDedupe (the
// redeliveries seen), and the installations cache of package install are
// made of it.
//
// hashicorp/golang-lru's expirable LRU was not taken: its time to live is
// one for the whole cache (store.MemoryValues keeps each value for its
// own), it reads time.Now alone (the tests set the clock), and it expires
// entries in a goroutine of its own that is never stopped.
package ttlcache
