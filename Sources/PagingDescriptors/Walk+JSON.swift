import PagingCore
import PagingJSON
import PagingSimulator

extension Walk {
  /// A walk as `translate --memory --format json` prints it: the contract
  /// keys of `translate` (`indexes`, `offset`, `canonical`) beside `steps`,
  /// each step decoded (`present`, `frame`, `flags`, `meaning`, and
  /// `allowed`, the permissions the walk allows after it), then
  /// `physical_address`, `value` and `permissions`, or `fault_level` and
  /// `fault_reason`.
  public func json(address: UInt128, architecture arch: Architecture) -> JSONValue {
    let translation = arch.translation(of: address)
    var members: [(String, JSONValue)] = [
      ("architecture", .string(arch.name)),
      ("virtual_address", .string(formatHex(address))),
      ("indexes", .array(translation.indexes.map { .integer($0) })),
      ("offset", .integer(translation.offset)),
      ("canonical", .bool(arch.isCanonical(address))),
      ("steps", .array(steps.map { step in
        .object([
          ("level", .string(step.levelName)), ("index", .integer(step.index)),
          ("entry_address", .integer(step.entryAddress)), ("entry", .integer(step.entry)),
          ("entry_hex", .string(formatHex(step.entry))),
          ("present", .bool(step.frame != nil)),
          ("frame", step.frame.map { .integer($0) } ?? .null),
          ("flags", .array(step.flags.map { .string($0) })),
          ("meaning", .string(step.meaning(in: arch))),
          ("allowed", .string(step.allowed.description)),
        ])
      })),
    ]
    if let physicalAddress {
      members.append(("physical_address", .integer(physicalAddress)))
      members.append(("value", value.map { .integer($0) } ?? .null))
      members.append(("permissions", .string(permissions?.description ?? "")))
    } else {
      members.append(("fault_level", faultLevel.map { .string($0) } ?? .null))
      members.append(("fault_reason", .string(faultReason ?? "")))
    }
    return .object(members)
  }
}
