namespace Sharpdig.Capture.Live;

/// <summary>
/// What the kernel program copies for one item of a syscall recipe (mirrors `enum item_kind` in
/// bpf/sharpdig.bpf.c). Arg/Aux name syscall argument indexes.
/// </summary>
internal enum CaptureKind : byte
{
    None = 0,
    String = 1,            // user string at args[Arg]
    BufferArgLength = 2,   // user buffer args[Arg], length args[Aux], capped by snaplen
    BufferRetLength = 3,   // user buffer args[Arg], length = return value, capped by snaplen
    SockAddr = 4,          // user sockaddr args[Arg], length args[Aux]
    SockAddrLengthPtr = 5, // user sockaddr args[Arg], length in the user int at args[Aux]
    SocketOfArg = 6,       // kernel view of the socket whose fd is args[Arg] (SocketInfo)
    SocketOfRet = 7,       // same for the fd returned
    FileOfRet = 8,         // dev/ino of the fd returned
    Pipe = 9,              // the int[2] at args[Arg] and the first fd's inode
    IovecArg = 10,         // iovec args[Arg] x args[Aux]: u64 total length, then data (snaplen)
    IovecRet = 11,         // same, data capped by the return value
    MsgArg = 12,           // user_msghdr args[Arg]: u16 name length, name[112], then as Iovec
    MsgRet = 13,
    Argv = 14,             // NUL-separated user strings of the array at args[Arg]
    Task = 15,             // TaskInfo of the current task
    MmArgs = 16,           // the current process's argument area
    MmEnv = 17,            // the current process's environment area
    Fixed = 18,            // Aux bytes of user memory at args[Arg]
    PollFds = 19,          // struct pollfd[args[Aux]] at args[Arg]
    FileOfArg = 20,        // dev/ino of fd args[Arg]
    Cgroup = 21,           // cgroup v2 path components, leaf first, NUL terminated
    StringViaPointer = 22, // user string whose pointer is stored at args[Arg]
    SocketPair = 23,       // the int[2] at args[Arg] and the first socket's kernel addresses
    Cwd = 24,              // working directory components, leaf first, closed by an empty name at the root
}

[Flags]
internal enum CaptureWhen : byte { Always = 0, OnSuccess = 1, OnFailure = 2 }

/// <summary>One step of a syscall recipe (4 bytes in the kernel's spec map).</summary>
internal readonly record struct CaptureItem(CaptureKind Kind, byte Arg = 0, byte Aux = 0, CaptureWhen When = CaptureWhen.Always);
