namespace Sharpdig.Capture.Live;

/// <summary>
/// Conversions from raw Linux (x86_64) syscall argument values to the scap (PPM_*) encodings the
/// event table's flag tables expect. Values the table encodes identically to Linux (prot, access,
/// futex, lseek, socket families, modes...) are passed through by the decoder instead.
/// </summary>
internal static class LinuxToScap
{
    /// <summary>open(2) flags to PPM_O_* (file_flags).</summary>
    public static uint OpenFlags(ulong flags)
    {
        uint r = (flags & 3) switch { 0 => 1u, 1 => 2u, _ => 3u };  // O_RDONLY/O_WRONLY/O_RDWR
        if ((flags & 0x40) != 0) r |= 4;          // O_CREAT
        if ((flags & 0x400) != 0) r |= 8;         // O_APPEND
        if ((flags & 0x1000) != 0) r |= 16;       // O_DSYNC
        if ((flags & 0x80) != 0) r |= 32;         // O_EXCL
        if ((flags & 0x800) != 0) r |= 64;        // O_NONBLOCK
        if ((flags & 0x101000) == 0x101000) r |= 128;  // O_SYNC (__O_SYNC|O_DSYNC)
        if ((flags & 0x200) != 0) r |= 256;       // O_TRUNC
        if ((flags & 0x4000) != 0) r |= 512;      // O_DIRECT
        if ((flags & 0x10000) != 0 && (flags & 0x400000) == 0) r |= 1024;  // O_DIRECTORY (not as part of O_TMPFILE)
        if ((flags & 0x8000) != 0) r |= 2048;     // O_LARGEFILE
        if ((flags & 0x80000) != 0) r |= 4096;    // O_CLOEXEC
        if ((flags & 0x400000) != 0) r |= 8192;   // O_TMPFILE
        return r;
    }

    /// <summary>The mode argument of open/openat/creat: only meaningful with O_CREAT or O_TMPFILE.</summary>
    public static uint OpenMode(ulong flags, ulong mode) =>
        (flags & (0x40 | 0x400000)) != 0 ? (uint)(mode & 0xFFFF) : 0;

    private static readonly (ulong Linux, uint Scap)[] s_cloneFlags =
    [
        (0x400, 1), (0x200, 2), (0x80000000, 4), (0x08000000, 8), (0x40000000, 16), (0x20000, 32),
        (0x20000000, 64), (0x04000000, 128), (0x8000, 256), (0x100000, 512), (0x2000, 1024),
        (0x800, 2048), (0x40000, 4096), (0x10000, 8192), (0x800000, 16384), (0x100, 32768),
        (0x10000000, 1048576), (0x200000, 8388608), (0x01000000, 16777216), (0x80000, 33554432),
        (0x4000, 134217728), (0x02000000, 268435456),
    ];

    /// <summary>clone(2) flags to PPM_CL_* (clone_flags).</summary>
    public static uint CloneFlags(ulong flags)
    {
        uint r = 0;
        foreach (var (linux, scap) in s_cloneFlags)
            if ((flags & linux) != 0) r |= scap;
        return r;
    }

    /// <summary>fcntl(2) commands to PPM_FCNTL_* (fcntl_commands); 0 = UNKNOWN.</summary>
    public static uint FcntlCommand(ulong cmd) => cmd switch
    {
        0 => 1, 1 => 2, 2 => 3, 3 => 4, 4 => 5, 5 => 6, 6 => 8, 7 => 9, 8 => 10, 9 => 12,
        10 => 13, 11 => 15, 15 => 21, 16 => 22, 1024 => 23, 1025 => 24, 1029 => 25, 1030 => 26,
        1026 => 27, 1031 => 28, 1032 => 29, 36 => 30, 37 => 31, 38 => 32,
        _ => 0,
    };

    private static readonly (ulong Linux, uint Scap)[] s_mmapFlags =
    [
        (0x01, 1), (0x02, 2), (0x10, 4), (0x20, 8), (0x40, 16), (0x4000, 64), (0x8000, 128),
        (0x10000, 256), (0x100, 512), (0x800, 1024), (0x1000, 2048), (0x2000, 16384),
    ];

    /// <summary>mmap(2) flags to PPM_MAP_* (mmap_flags).</summary>
    public static uint MmapFlags(ulong flags)
    {
        uint r = 0;
        foreach (var (linux, scap) in s_mmapFlags)
            if ((flags & linux) != 0) r |= scap;
        return r;
    }

    /// <summary>execveat/AT_* flags to PPM_EXVAT_* (execveat_flags).</summary>
    public static uint ExecveatFlags(ulong flags) =>
        ((flags & 0x1000) != 0 ? 1u : 0) | ((flags & 0x100) != 0 ? 2u : 0);

    /// <summary>umount2 flags to PPM_MNT_* (umount_flags): FORCE, DETACH, EXPIRE, NOFOLLOW.</summary>
    public static uint UmountFlags(ulong flags) =>
        (uint)(flags & 7) | ((flags & 8) != 0 ? 8u : 0);

    /// <summary>semop sem_flg to PPM_IPC_NOWAIT / PPM_SEM_UNDO.</summary>
    public static uint SemopFlags(ulong flags) =>
        ((flags & 0x800) != 0 ? 1u : 0) | ((flags & 0x1000) != 0 ? 2u : 0);

    /// <summary>semget flags to PPM_IPC_CREAT / PPM_IPC_EXCL (other bits are permissions, kept).</summary>
    public static uint SemgetFlags(ulong flags) =>
        (uint)(flags & 0x1FF) | ((flags & 0x200) != 0 ? 8192u : 0) | ((flags & 0x400) != 0 ? 16384u : 0);

    /// <summary>semctl commands to PPM_* bits (semctl_commands).</summary>
    public static uint SemctlCommand(ulong cmd) => cmd switch
    {
        2 => 1, 1 => 2, 0 => 4, 3 => 8, 19 => 16, 18 => 32, 13 => 64, 14 => 128, 11 => 256,
        12 => 512, 15 => 1024, 17 => 2048, 16 => 4096, _ => 0,
    };

    /// <summary>ptrace requests to PPM_PTRACE_* (ptrace_requests).</summary>
    public static uint PtraceRequest(ulong req) => req switch
    {
        <= 9 => (uint)req + 1,                      // TRACEME .. SINGLESTEP
        12 => 26, 13 => 27, 14 => 28, 15 => 29, 16 => 11, 17 => 12, 18 => 30, 19 => 31,
        21 => 32, 24 => 13, 25 => 33, 26 => 34, 30 => 35, 31 => 36, 32 => 37, 33 => 38,
        0x4200 => 14, 0x4201 => 15, 0x4202 => 16, 0x4203 => 17, 0x4204 => 18, 0x4205 => 19,
        0x4206 => 20, 0x4207 => 21, 0x4208 => 22, 0x4209 => 23, 0x420a => 24, 0x420b => 25,
        _ => 0,
    };

    /// <summary>openat2 RESOLVE_* bits to PPM_RESOLVE_* (openat2_flags).</summary>
    public static uint ResolveFlags(ulong r) =>
        ((r & 0x08) != 0 ? 1u : 0) | ((r & 0x10) != 0 ? 2u : 0) | ((r & 0x02) != 0 ? 4u : 0)
        | ((r & 0x04) != 0 ? 8u : 0) | ((r & 0x01) != 0 ? 16u : 0) | ((r & 0x20) != 0 ? 32u : 0);

    /// <summary>Linux dev_t as the kernel keeps it (major 12 bits &lt;&lt; 20 | minor) to the userspace encoding.</summary>
    public static uint EncodeDev(uint kernelDev)
    {
        uint major = kernelDev >> 20, minor = kernelDev & 0xFFFFF;
        return (minor & 0xFF) | (major << 8) | ((minor & ~0xFFu) << 12);
    }
}
