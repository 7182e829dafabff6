import PagingDescriptors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs `body` with the path of a file holding `bytes`, for the commands'
/// own file readers (`readTextFile`, `MemoryImageFile.load`). One file per
/// process, in /dev/shm when there is one; removed after `body`.
public func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) rethrows -> T? {
  let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
  let path = "\(folder)/paging-fuzz-\(getpid())"
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  guard descriptor >= 0 else { return nil }
  var written = 0
  while written < bytes.count {
    let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
    guard count > 0 else { break }
    written += count
  }
  close(descriptor)
  defer { unlink(path) }
  guard written == bytes.count else { return nil }
  return try body(path)
}

/// The text of a JSON input as the commands read it: valid UTF-8 in memory
/// (fast), anything else through `readTextFile`, whose error (located at the
/// first bad byte) is formatted and dropped.
public func inputText(_ bytes: [UInt8]) -> String? {
  if let text = String(validating: bytes, as: UTF8.self) { return text }
  _ = withTemporaryFile(bytes) { path in
    do throws(InputError) { _ = try readTextFile(path) } catch { _ = error.description }
  }
  return nil
}
