// Wrappers keep the C names they wrap (system_calloc wraps calloc), as swift-system does.
// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The only file in PagingSimulator that calls the C library's allocator.
// Frame bookkeeping comes from `calloc` because the host hands out fresh,
// zeroed pages for a large request and touches them only on first use: a
// simulated memory of many frames costs the host nothing for frames never
// handed out. Free lists and table extents grow with `realloc`, which moves
// a large block by remapping it rather than copying.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `count` zeroed elements of `size` bytes, or nil when the host refuses.
@usableFromInline @inline(__always)
internal func system_calloc(_ count: Int, _ size: Int) -> UnsafeMutableRawPointer? {
  calloc(count, size)
}

/// `pointer`'s block resized to `size` bytes (a new block when `pointer` is
/// nil), or nil, leaving the old block as it was, when the host refuses.
@usableFromInline @inline(__always)
internal func system_realloc(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
  realloc(pointer, size)
}

/// Gives a block from `system_calloc` or `system_realloc` back to the host;
/// nil does nothing.
@usableFromInline @inline(__always)
internal func system_free(_ pointer: UnsafeMutableRawPointer?) {
  free(pointer)
}
