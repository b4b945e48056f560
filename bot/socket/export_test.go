package socket

// MaxAckPayload is the bound the tests in package socket_test hold a
// slash answer in an ack to.
const MaxAckPayload = maxAckPayload
