import PagingCore
import PagingDescriptors
import PagingJSON

extension NestedImageWalk {
  /// A two-stage walk as `translate --memory --host --format json` prints
  /// it: `references` in order (each a decoded step with its `stage`,
  /// what it is `for` and the `guest_physical_address` involved), then
  /// `guest_physical_address`, `physical_address`, `value`,
  /// `guest_permissions` and `host_permissions`, or `fault_stage`,
  /// `fault_level` and `fault_reason`.
  public func json(address: UInt128, guest: Architecture, host: Architecture) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("guest", .string(guest.name)),
      ("host", .string(host.name)),
      ("virtual_address", .string(formatHex(address))),
      ("memory_references", .integer(references.count)),
      (
        "references",
        .array(
          references.map { reference in
            let arch = reference.stage == .guest ? guest : host
            return .object(
              [
                ("stage", .string(reference.stage.rawValue)),
                ("for", .string(reference.reference.purpose(guest: guest))),
                ("guest_physical_address", .integer(reference.guestPhysicalAddress)),
              ] + reference.step.jsonMembers(in: arch))
          })
      ),
    ]
    if let hostPhysicalAddress {
      members += [
        ("guest_physical_address", guestPhysicalAddress.map { .integer($0) } ?? .null),
        ("physical_address", .integer(hostPhysicalAddress)),
        ("value", value.map { .integer($0) } ?? .null),
        ("guest_permissions", .string(guestPermissions?.description ?? "")),
        ("host_permissions", .string(hostPermissions?.description ?? "")),
      ]
    } else {
      members += [
        ("fault_stage", faultStage.map { .string($0.rawValue) } ?? .null),
        ("fault_level", faultLevel.map { .string($0) } ?? .null),
        ("fault_reason", .string(faultReason ?? "")),
      ]
    }
    return .object(members)
  }
}

extension HostedGuestSummary {
  /// `simulate --host --format json`'s `nested` member: each side's
  /// page-table pages and their total, the roots, and the walk check.
  public var json: JSONValue {
    var members: [(String, JSONValue)] =
      NestedTranslation.pageTableTotalsJSON(guest: guestPageTablePages, host: hostPageTablePages) + [
        ("host_root", .integer(hostRoot)),
        (
          "guest_roots",
          .array(
            guestRoots.map {
              .object([("name", .string($0.name)), ("guest_physical_address", .integer($0.guestPhysicalAddress))])
            })
        ),
        ("walks_checked", .integer(walksChecked)),
        ("walks_agree", .bool(disagreement == nil)),
      ]
    if let example {
      members.append(
        (
          "example",
          .object([
            ("virtual_address", .string(formatHex(example.pointer))),
            ("memory_references", .integer(example.references)),
          ])
        ))
    }
    return .object(members)
  }
}
