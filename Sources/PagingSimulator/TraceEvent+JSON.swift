import PagingCore
import PagingJSON

extension TraceEvent {
  /// One event as `simulate --trace --format json` prints it: `event`
  /// (visit, allocate_table, map, free_page, free_table, free_root), `step`,
  /// `architecture`, and the event's own fields.
  public func json(step: Int, architecture: String) -> JSONValue {
    var members: [(String, JSONValue)] = [("step", .integer(step)), ("architecture", .string(architecture))]
    switch self {
    case .visit(let address, let physical, let size, let permissions):
      members += [
        ("event", .string("visit")), ("virtual_address", .integer(address)), ("physical_address", .integer(physical)),
        ("size", .integer(size)), ("permissions", .string(permissions.description)),
      ]
    case .allocateTable(let name, let physical):
      members += [
        ("event", .string("allocate_table")), ("level", .string(name)), ("physical_address", .integer(physical)),
      ]
    case .map(let address, let physical, let permissions, let copied):
      members += [
        ("event", .string("map")), ("virtual_address", .integer(address)), ("physical_address", .integer(physical)),
        ("permissions", .string(permissions.description)), ("copied", .bool(copied)),
      ]
    case .freePage(let address, let physical, let left):
      members += [
        ("event", .string("free_page")), ("virtual_address", .integer(address)),
        ("physical_address", .integer(physical)),
        ("references_left", .integer(left)),
      ]
    case .freeTable(let name, let physical):
      members += [("event", .string("free_table")), ("level", .string(name)), ("physical_address", .integer(physical))]
    case .freeRoot(let physical):
      members += [("event", .string("free_root")), ("physical_address", .integer(physical))]
    }
    return .object(members)
  }
}
