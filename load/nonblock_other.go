//go:build !unix

package load

// nonblock is 0 where opening a file cannot block on a missing writer.
const nonblock = 0
