import PagingCore
import PagingJSON

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
      ("steps", .array(steps.map { .object($0.jsonMembers(in: arch)) })),
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

extension WalkStep {
  /// A decoded step's members: `level`, `index`, `entry_address`, `entry`,
  /// `entry_hex`, `present`, `frame`, `flags`, `meaning` and `allowed`.
  public func jsonMembers(in arch: Architecture) -> [(String, JSONValue)] {
    [
      ("level", .string(levelName)), ("index", .integer(index)),
      ("entry_address", .integer(entryAddress)), ("entry", .integer(entry)),
      ("entry_hex", .string(formatHex(entry))),
      ("present", .bool(frame != nil)),
      ("frame", frame.map { .integer($0) } ?? .null),
      ("flags", .array(flags.map { .string($0) })),
      ("meaning", .string(meaning(in: arch))),
      ("allowed", .string(allowed.description)),
    ]
  }
}
