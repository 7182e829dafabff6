#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `bytes` to `path` all or nothing: into a temporary file beside it,
/// then renamed over it, so a failure never leaves a partial file and never
/// damages what was there.
public func writeFileAtomically(_ path: String, bytes: [UInt8]) throws(InputError) {
  let temporary = path + ".tmp-\(getpid())"
  guard let file = fopen(temporary, "wb") else {
    throw .unreadable(path: path, reason: "cannot write: " + String(cString: strerror(errno)))
  }
  let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
  let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
  let closed = fclose(file) == 0
  guard written == bytes.count, flushed, closed, rename(temporary, path) == 0 else {
    let reason = String(cString: strerror(errno))
    unlink(temporary)
    throw .unreadable(path: path, reason: "cannot write: \(reason)")
  }
}

public func writeFileAtomically(_ path: String, text: String) throws(InputError) {
  try writeFileAtomically(path, bytes: Array(text.utf8))
}
