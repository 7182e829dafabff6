import PagingCore
import PagingDescriptors
import PagingSimulator

extension Paging.Translate {
  /// `translate GUEST ADDR --memory IMAGE --root GPA --host HOST --host-root
  /// HPA`: every reference of the two-stage walk, in order.
  func nestedWalk(guest: Architecture) throws {
    let host = try loadArchitecture(nested.host ?? "")
    let hostRoot = try nested.hostRootAddress(host)
    // The image is host-physical memory, read in the host's pages; the
    // guest's root is a guest-physical address, checked as the guest's.
    guard let guestRoot = try image.rootAddress(guest), let memory = try image.load(host) else { return }
    let result: NestedImageWalk
    do {
      result = try memory.nestedWalk(
        address, guest: guest, guestRoot: UInt64(guestRoot), host: host, hostRoot: hostRoot)
    } catch {
      throw CommandFailure(error.description)
    }
    if output.isJSON { return output.emit(result.json(address: address, guest: guest, host: host)) }
    print(
      "\(guest.name) guest on \(host.name) host: walking \(formatHex(address)) from the guest root at gpa \(formatHex(guestRoot)) and the host root at pa \(formatHex(hostRoot))"
    )
    var table = TextTable(header: [
      "#", "stage", "level", "for", "gpa", "entry address", "entry", "flags", "meaning", "allows",
    ])
    for (number, reference) in result.references.enumerated() {
      let step = reference.step
      let arch = reference.stage == .guest ? guest : host
      table.append([
        "\(number + 1)", reference.stage.rawValue, step.levelName, reference.reference.purpose(guest: guest),
        formatHex(reference.guestPhysicalAddress), formatHex(step.entryAddress), formatHex(step.entry),
        step.flags.isEmpty ? "-" : step.flags.joined(separator: " "), step.meaning(in: arch), step.allowed.description,
      ])
    }
    print(table.rendered(indent: 2))
    let count = counted(result.references.count, "memory reference")
    if let physical = result.hostPhysicalAddress {
      let value = result.value.map { "0x" + String($0, radix: 16) } ?? "unknown (not in the image)"
      print(
        "  -> guest-physical \(result.guestPhysicalAddress.map(formatHex) ?? "?"), host-physical \(formatHex(physical)) (guest allows \(result.guestPermissions?.description ?? ""), host allows \(result.hostPermissions?.description ?? "")), byte there: \(value); \(count)"
      )
    } else {
      let stage = result.faultStage.map { " in the \($0.rawValue) stage" } ?? ""
      print("  -> fault\(stage)\(result.faultLevel.map { " at \($0)" } ?? ""): \(result.faultReason ?? ""); \(count)")
    }
  }
}
