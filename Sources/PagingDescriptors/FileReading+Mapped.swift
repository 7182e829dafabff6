import PagingCore

/// A file's bytes as ``readFileMappingRegular(_:streamLimit:)`` gives them:
/// a regular file mapped (read only where a reader looks), anything else
/// read into memory.
public enum MappableFileContents {
  /// A regular file mapped read-only. `unmap` gives the mapping back; the
  /// new owner of the buffer calls it once, when it is done.
  case mapped(UnsafeRawBufferPointer, unmap: @Sendable (UnsafeRawBufferPointer) -> Void)
  /// The bytes of a file that could not be mapped (a device, a FIFO, a
  /// `/proc` file that says it has no size), at most `streamLimit` of them.
  /// `kind` names what the file is, for messages ("a FIFO").
  case streamed([UInt8], kind: String)
}

/// The contents of `path` for a reader that may need only parts of a large
/// file: a regular file is mapped, whatever its size; anything else is read
/// to its end, but no further than `streamLimit` bytes.
///
/// - Throws: ``InputError/unreadable(path:reason:)`` naming the system's
///   reason, for a directory, or when a stream gives more than
///   `streamLimit` bytes.
/// - Complexity: O(1) for a regular file; O(*n*) in the bytes read otherwise.
public func readFileMappingRegular(_ path: String, streamLimit: Int) throws(InputError) -> MappableFileContents {
  guard let file = ReadableFile(path: path) else { throw .unreadable(path: path, reason: system_errorText()) }
  if file.kind == .directory { throw .unreadable(path: path, reason: "is a directory, not a file") }
  if file.kind == .regular, file.size > 0, let mapping = file.mapped() {
    return .mapped(mapping, unmap: { system_munmap($0) })
  }
  guard let bytes = file.readAll(limit: streamLimit) else { throw .unreadable(path: path, reason: system_errorText()) }
  guard bytes.count <= streamLimit else {
    throw .unreadable(
      path: path,
      reason:
        "\(file.kind.phrase) that gave more than \(formatBytes(UInt128(streamLimit))), the most read from one that is not a regular file"
    )
  }
  return .streamed(bytes, kind: file.kind.phrase)
}
