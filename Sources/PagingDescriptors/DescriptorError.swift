import PagingCore
import PagingJSON

/// Why an input file (descriptor, ranges file, scenario) could not be used.
/// Its description is one line: `FILE:LINE:COLUMN: FIELD.PATH: what is wrong`,
/// or `FILE: what is wrong` when the file could not be read at all.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A problem inside a JSON file, at the line, column and field where it is.
  case located(JSONInputError)
  /// A file that could not be read, or written, at all (missing, a directory, too large, refused by the system);
  /// `reason` says which.
  case unreadable(path: String, reason: String)
  /// A name that is neither a built-in architecture nor looks like a descriptor's path, with the built-ins' names to
  /// suggest the nearest from.
  case unknownArchitecture(String, known: [String])

  /// One line: `FILE:LINE:COLUMN: FIELD.PATH: what is wrong`, `FILE: what is wrong`, or the unknown name with the
  /// nearest built-in suggested.
  public var description: String {
    switch self {
    case .located(let error): return error.description
    case .unreadable(let path, let reason): return "\(escapedPath(path)): \(reason)"
    case .unknownArchitecture(let name, let known):
      let guess = suggestedArchitecture(for: name, among: known).map { " (did you mean \($0)?)" } ?? ""
      return
        "unknown architecture \(quotedForMessage(name))\(guess): expected a descriptor path or one of \(known.joined(separator: ", "))"
    }
  }
}
