package httpserver

// The bounds the tests in package httpserver_test hold the transport to.
const (
	MaxSSLCheck  = maxSSLCheck  // what is read of an unsigned ssl_check
	MaxSlashBody = maxSlashBody // an immediate slash response
)
