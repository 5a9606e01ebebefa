//go:build !unix

package store

// openNonBlock is unix's O_NONBLOCK; elsewhere opening a file does not wait for a writer.
const openNonBlock = 0
