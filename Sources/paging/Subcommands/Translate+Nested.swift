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
        address, guest: guest, guestRoot: guestRoot, host: host, hostRoot: hostRoot)
    } catch {
      throw CommandFailure(error.description)
    }
    if output.isJSON { return output.emit(result.json(address: address, guest: guest, host: host)) }
    print(result.text(address: address, guest: guest, guestRoot: guestRoot, host: host, hostRoot: hostRoot))
  }
}
