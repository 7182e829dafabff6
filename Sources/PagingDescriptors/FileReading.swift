#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The whole of a file as bytes, or an ``InputError`` naming the file and the
/// system's reason.
public func readFileBytes(_ path: String) throws(InputError) -> [UInt8] {
  guard let file = fopen(path, "rb") else {
    throw .unreadable(path: path, reason: String(cString: strerror(errno)))
  }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count > 0 { bytes += buffer[0..<count] }
    if count < buffer.count {
      if ferror(file) != 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
      break
    }
  }
  return bytes
}

/// The whole of a text file; invalid UTF-8 is reported, not repaired.
public func readTextFile(_ path: String) throws(InputError) -> String {
  let bytes = try readFileBytes(path)
  guard let text = String(validating: bytes, as: UTF8.self) else {
    throw .unreadable(path: path, reason: "not valid UTF-8 text")
  }
  return text
}
