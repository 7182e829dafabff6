// swift-format-ignore-file: AlwaysUseLowerCamelCase

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The executable's only calls into the C library, as swift-argument-parser
// keeps its own in Platform.swift. Files and folders go through
// PagingDescriptors' files layer; exit statuses go through `ExitCode`.

/// Writes `text` to standard error in one call, unbuffered, so an error
/// line is never interleaved with or held back behind buffered output.
func system_writeStandardError(_ text: String) {
  var text = text
  text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Flushes every C stream, so what a program printed goes out before an
/// error line written straight to the descriptor.
func system_flushAllStreams() {
  fflush(nil)
}
