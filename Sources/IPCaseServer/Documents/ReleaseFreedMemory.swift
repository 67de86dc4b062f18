#if canImport(Glibc)
import Glibc
#endif

/// glibc keeps freed memory in its arenas for reuse; after a burst of uploads that leaves the process at its
/// peak size for good. `malloc_trim` hands what is free back to the system. Swift's Glibc module does not
/// declare it, so it is looked up by name; elsewhere this does nothing.
enum ReleaseFreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func now() {
        _ = trim?(0)
    }
}
