import PagingCore
import PagingJSON

/// Why an input file (descriptor, ranges file, scenario) could not be used.
/// Its description is one line: `FILE:LINE:COLUMN: FIELD.PATH: what is wrong`,
/// or `FILE: what is wrong` when the file could not be read at all.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
  case located(JSONInputError)
  case unreadable(path: String, reason: String)
  case unknownArchitecture(String, known: [String])

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
