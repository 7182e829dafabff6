/// Text a user gave, made safe to echo inside a one-line message: quoted,
/// escaped as JSON escapes a string (so a newline, a NUL or a terminal
/// escape cannot break the line or reach the terminal), and shortened.
///
///     quotedForMessage("sign\nextend")          // "\"sign\\nextend\""
///     quotedForMessage(String(repeating: "a", count: 1000))
///     // "\"aaaa…aaaa\"… (1000 characters)" with the first 60 characters kept
///
/// Besides JSON's escapes, DEL, the C1 controls, the line and paragraph
/// separators and the bidirectional overrides are written as `\uXXXX`,
/// because each can reorder or hide what a terminal shows.
///
/// - Complexity: O(*n*) in the characters kept, at most `limit`.
public func quotedForMessage(_ text: some StringProtocol, limit: Int = 60) -> String {
  var result = "\""
  var kept = 0
  var total = 0
  for scalar in text.unicodeScalars {
    total += 1
    if kept == limit { continue }
    kept += 1
    result += escaped(scalar)
  }
  result += "\""
  if total > limit { result += "… (\(total) characters)" }
  return result
}

private func escaped(_ scalar: Unicode.Scalar) -> String {
  switch scalar {
  case "\"": return "\\\""
  case "\\": return "\\\\"
  case "\n": return "\\n"
  case "\r": return "\\r"
  case "\t": return "\\t"
  default:
    let value = scalar.value
    let invisible =
      value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
      || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0xFEFF
    guard invisible else { return String(scalar) }
    let hex = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
  }
}

/// A file path as it goes at the head of a message: unquoted, as compilers
/// print paths, but with the characters ``quotedForMessage(_:limit:)``
/// escapes escaped, so a path cannot break the line either.
///
///     escapedPath("dir/a\nb.json")   // "dir/a\\nb.json"
public func escapedPath(_ path: String) -> String {
  guard path.unicodeScalars.contains(where: { escaped($0).count > 1 && $0 != "\"" && $0 != "\\" }) else { return path }
  var result = ""
  for scalar in path.unicodeScalars {
    result += scalar == "\"" || scalar == "\\" ? String(scalar) : escaped(scalar)
  }
  return result
}
