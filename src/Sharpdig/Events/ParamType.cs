namespace Sharpdig.Events;

/// <summary>How a parameter's bytes are encoded (the driver's PT_* codes, same numbers).</summary>
public enum ParamType : byte
{
    None = 0, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64,
    CharBuf, ByteBuf, Errno, SockAddr, SockTuple, Fd, Pid, FdList, FsPath, SyscallId, SigType,
    RelTime, AbsTime, Port, L4Proto, SockFamily, Bool, IPv4Addr, Dyn, Flags8, Flags16, Flags32,
    Uid, Gid, Double, SigSet, CharBufArray, CharBufPairArray, IPv4Net, IPv6Addr, IPv6Net, IPAddr,
    IPNet, Mode, FsRelPath,
    // Newer libs only; no 0.29.3 event uses these.
    EnumFlags8, EnumFlags16, EnumFlags32, Fd32, Pid32,
}

/// <summary>The print format a parameter carries in the schema (PF_*).</summary>
public enum PrintFormat : byte { NA = 0, Dec, Hex, PaddedDec, Id, Dir, Oct }

/// <summary>Event categories (EC_*); the I/O ones share the 0x20 base, as in the driver.</summary>
[Flags]
public enum EventCategory : uint
{
    Unknown = 0, Other = 1, File = 2, Net = 3, Ipc = 4, Memory = 5, Process = 6, Sleep = 7,
    System = 8, Signal = 9, User = 10, Time = 11, Processing = 12,
    IoBase = 32, IoRead = 32, IoWrite = 33, IoOther = 34, Wait = 64, Scheduler = 128, Internal = 256,
    // Newer libs only.
    Syscall = 512, Tracepoint = 1024, Plugin = 2048, Metaevent = 4096, Iter = 8192,
}

/// <summary>Event flags (EF_*).</summary>
[Flags]
public enum EventFlags : uint
{
    None = 0, CreatesFd = 1, DestroysFd = 2, UsesFd = 4, ReadsFromFd = 8, WritesToFd = 16,
    ModifiesState = 32, Unused = 64, Waits = 128, Skipparsereset = 256, OldVersion = 512,
    DropSimpleCons = 1024, LargePayload = 2048,
    // Newer libs only.
    ConverterManaged = 4096,
}

public enum EventDirection : byte { Enter, Exit }
