// Package logthrottle lets a log line through once per period per key and
// counts the ones held back, so that a flood of the same failure (a
// database down, Redis away, failed installs) logs a line every few
// seconds rather than one each.
//
// Files: logthrottle.go (a Throttle, and Due, which says whether a key's
// line may be logged now and how many were held back since).
package logthrottle
