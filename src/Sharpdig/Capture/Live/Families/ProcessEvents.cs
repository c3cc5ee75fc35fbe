using System.Buffers.Binary;

namespace Sharpdig.Capture.Live;

// Process life cycle (clone/fork/vfork/clone3, execve/execveat) and identity syscalls.

internal static partial class SyscallRecipes
{
    private static void AddProcessRecipes(AddRecipe add)
    {
        var ok = CaptureWhen.OnSuccess;
        var fail = CaptureWhen.OnFailure;
        CaptureItem[] child = [Item(CaptureKind.Task), Item(CaptureKind.MmArgs), Item(CaptureKind.Cgroup), Item(CaptureKind.Cwd)];
        add("clone", 222, 223, [], child);
        add("fork", 224, 225, [], child);
        add("vfork", 226, 227, [], child);
        add("clone3", 334, 335, [], [.. child, Fixed(0, 8)]);
        CaptureItem[] exec(int argv) =>
        [
            Item(CaptureKind.Task), Item(CaptureKind.MmArgs, when: ok), Item(CaptureKind.MmEnv, when: ok),
            Item(CaptureKind.Cgroup), Item(CaptureKind.Argv, argv, when: fail), Item(CaptureKind.Argv, argv + 1, when: fail),
            Item(CaptureKind.Cwd),
        ];
        add("execve", 292, 293, [Str(0)], exec(1));
        add("execveat", 330, 331, [Str(1)], exec(2));
        add("kill", 128, 129, [], []);
        add("tkill", 130, 131, [], []);
        add("tgkill", 132, 133, [], []);
        add("setuid", 198, 199, [], []);
        add("setgid", 200, 201, [], []);
        add("setresuid", 192, 193, [], []);
        add("setresgid", 194, 195, [], []);
        add("getuid", 202, 203, [], []);
        add("geteuid", 204, 205, [], []);
        add("getgid", 206, 207, [], []);
        add("getegid", 208, 209, [], []);
        add("getresuid", 210, 211, [], [Fixed(0, 4, ok), Fixed(1, 4, ok), Fixed(2, 4, ok)]);
        add("getresgid", 212, 213, [], [Fixed(0, 4, ok), Fixed(1, 4, ok), Fixed(2, 4, ok)]);
        add("setsid", 274, 275, [], []);
        add("setpgid", 294, 295, [], []);
        add("unshare", 284, 285, [], []);
        add("setns", 240, 241, [], []);
        add("ptrace", 168, 169, [], []);
        add("prlimit64", 144, 145, [], [Fixed(2, 16), Fixed(3, 16, ok)]);
        add("getrlimit", 140, 141, [], [Fixed(1, 16, ok)]);
        add("setrlimit", 142, 143, [], [Fixed(1, 16)]);
        add("seccomp", 298, 299, [], []);
        add("bpf", 296, 297, [], []);
    }
}

internal sealed partial class LiveEventDecoder
{
    private static readonly int s_nrFork = SyscallRecipes.NrOf("fork"), s_nrVfork = SyscallRecipes.NrOf("vfork");
    private string[]? _cgroupControllers;

    private bool WriteProcessParams(int code, KernelRecord r)
    {
        var b = _b;
        switch (code)
        {
            case 222: case 224: case 226: case 334: case 274: case 202: case 204: case 206: case 208: case 210: case 212:
                return true;
            case 223: case 225: case 227: case 335:
                WriteCloneExit(code, r);
                return true;
            case 292:  // execve >
                Path(r, 0);
                return true;
            case 330:  // execveat >
                Fd(r.Arg(0)); Path(r, 0); b.U32(LinuxToScap.ExecveatFlags(r.Arg(4)));
                return true;
            case 293: case 331:
                WriteExecveExit(r);
                return true;
            case 128:  // kill >
                b.I64((int)r.Arg(0)); b.U8((uint)r.Arg(1));
                return true;
            case 130:  // tkill >
                b.I64((int)r.Arg(0)); b.U8((uint)r.Arg(1));
                return true;
            case 132:  // tgkill >
                b.I64((int)r.Arg(0)); b.I64((int)r.Arg(1)); b.U8((uint)r.Arg(2));
                return true;
            case 129: case 131: case 133: case 199: case 201: case 193: case 195: case 285: case 241: case 299:
                Res(r);
                return true;
            case 198: case 200:  // setuid/setgid >
                b.U32((uint)r.Arg(0));
                return true;
            case 192: case 194:  // setresuid/setresgid >
                b.U32((uint)r.Arg(0)); b.U32((uint)r.Arg(1)); b.U32((uint)r.Arg(2));
                return true;
            case 203: case 205: case 207: case 209:  // get*id <: the id is the return value
                b.U32((uint)r.Ret);
                return true;
            case 211: case 213:
                Res(r); b.U32(ReadU32(r.Blob(0), 0)); b.U32(ReadU32(r.Blob(1), 0)); b.U32(ReadU32(r.Blob(2), 0));
                return true;
            case 275:  // setsid <
                Res(r);
                return true;
            case 294:  // setpgid >
                b.I64((int)r.Arg(0)); b.I64((int)r.Arg(1));
                return true;
            case 295:
                Res(r);
                return true;
            case 284:  // unshare >
                b.U32(LinuxToScap.CloneFlags(r.Arg(0)));
                return true;
            case 240:  // setns >
                Fd(r.Arg(0)); b.U32(LinuxToScap.CloneFlags(r.Arg(1)));
                return true;
            case 168:  // ptrace >
                b.U16(LinuxToScap.PtraceRequest(r.Arg(0))); b.I64((int)r.Arg(1));
                return true;
            case 169:  // ptrace <: addr, data as DYN index 0 (UINT64)
            {
                Res(r);
                var d = b.Raw(9); d[0] = 0; BinaryPrimitives.WriteUInt64LittleEndian(d[1..], r.Arg(2));
                d = b.Raw(9); d[0] = 0; BinaryPrimitives.WriteUInt64LittleEndian(d[1..], r.Arg(3));
                return true;
            }
            case 144:  // prlimit >
                b.I64((int)r.Arg(0)); b.U8(RlimitResource(r.Arg(1)));
                return true;
            case 145:
            {
                var nw = r.Blob(0); var old = r.Blob(1);
                Res(r);
                b.I64(nw.Length >= 16 ? (long)ReadU64(nw, 0) : -1); b.I64(nw.Length >= 16 ? (long)ReadU64(nw, 8) : -1);
                b.I64(old.Length >= 16 ? (long)ReadU64(old, 0) : -1); b.I64(old.Length >= 16 ? (long)ReadU64(old, 8) : -1);
                return true;
            }
            case 140: case 142:  // get/setrlimit >
                b.U8(RlimitResource(r.Arg(0)));
                return true;
            case 141: case 143:
            {
                var lim = r.Blob(0);
                Res(r);
                b.I64(lim.Length >= 16 ? (long)ReadU64(lim, 0) : -1); b.I64(lim.Length >= 16 ? (long)ReadU64(lim, 8) : -1);
                return true;
            }
            case 298:  // seccomp >
                b.U64(r.Arg(0));
                return true;
            case 296:  // bpf >
                b.I64((long)r.Arg(0));
                return true;
            case 297:  // bpf <: an fd (index 0) on success, else an errno (index 1)
            {
                var d = b.Raw(9); d[0] = r.Ret >= 0 ? (byte)0 : (byte)1; BinaryPrimitives.WriteInt64LittleEndian(d[1..], r.Ret);
                return true;
            }
            default:
                return false;
        }
    }

    private static uint RlimitResource(ulong res) => res <= 15 ? (uint)res : 255;

    private void WriteCloneExit(int code, KernelRecord r)
    {
        var b = _b;
        TaskInfo.TryRead(r.Blob(0), out var task);
        Res(r);
        WriteExeAndArgs(r.Blob(1));
        b.I64(r.Tid); b.I64(r.Pid); b.I64(task.Ptid);
        WriteCwd(r.Blob(3));
        b.I64((long)task.FdLimit);
        b.U64(task.MajorFaults); b.U64(task.MinorFaults);
        b.U32(task.VmSizeKb); b.U32(task.VmRssKb); b.U32(task.VmSwapKb);
        b.String(task.CommBytes());
        WriteCgroups(r.Blob(2));
        ulong flags = code switch
        {
            223 => r.Arg(0),
            335 => ReadU64(r.Blob(4), 0),
            _ => r.SyscallNr == s_nrVfork ? 0x4000UL | 0x100UL : 0,
        };
        b.U32(LinuxToScap.CloneFlags(flags));
        b.U32(task.Uid); b.U32(task.Gid);
        b.I64(task.Vtid); b.I64(task.Vpid);
    }

    private void WriteExecveExit(KernelRecord r)
    {
        var b = _b;
        TaskInfo.TryRead(r.Blob(0), out var task);
        bool ok = r.Ret >= 0;
        Res(r);
        WriteExeAndArgs(ok ? r.Blob(1) : r.Blob(4));
        b.I64(r.Tid); b.I64(r.Pid); b.I64(task.Ptid);
        WriteCwd(r.Blob(6));
        b.U64(task.FdLimit);
        b.U64(task.MajorFaults); b.U64(task.MinorFaults);
        b.U32(task.VmSizeKb); b.U32(task.VmRssKb); b.U32(task.VmSwapKb);
        b.String(task.CommBytes());
        WriteCgroups(r.Blob(3));
        b.Bytes(ok ? r.Blob(2) : r.Blob(5));
        uint tty = task.TtyMajor == 0 && task.TtyMinor == 0 ? 0 : LinuxToScap.EncodeDev((task.TtyMajor << 20) | task.TtyMinor);
        b.I32((int)tty);
        b.I64(task.Pgid);
        b.I32((int)task.LoginUid);
        b.U32(0);   // flags: EXE_WRITABLE is not computed
    }

    /// <summary>exe = the first NUL-terminated string of the argument area, args = the rest.</summary>
    private void WriteExeAndArgs(ReadOnlySpan<byte> area)
    {
        int nul = area.IndexOf((byte)0);
        var exe = nul < 0 ? area : area[..nul];
        var args = nul < 0 ? default : area[(nul + 1)..];
        _b.String(exe);
        _b.Bytes(args);
    }

    /// <summary>
    /// The cwd string from the kernel's leaf-first components. A walk that did not reach the root
    /// (a very deep directory) gives an empty cwd, which makes the reader keep the one it knows.
    /// </summary>
    private void WriteCwd(ReadOnlySpan<byte> components)
    {
        bool reachedRoot = components.Length > 0 && components[^1] == 0 && (components.Length == 1 || components[^2] == 0);
        if (!reachedRoot)
        {
            _b.String(""u8);
            return;
        }
        Span<byte> path = stackalloc byte[4096];
        _b.String(path[..JoinLeafFirst(components, path)]);
    }

    /// <summary>
    /// "/a/b/c" from "c\0b\0a\0root\0" (names leaf first, each NUL terminated, the last one the
    /// root, whose own name is left out); "/" for the root alone.
    /// </summary>
    internal static int JoinLeafFirst(ReadOnlySpan<byte> components, Span<byte> path)
    {
        int len = 0;
        int end = components.Length - 1;                                  // the root's terminator
        if (end >= 0) end = components[..end].LastIndexOf((byte)0);       // the terminator before it
        while (end >= 0)
        {
            int start = components[..end].LastIndexOf((byte)0) + 1;
            var name = components[start..end];
            if (len + name.Length + 1 > path.Length) break;
            path[len++] = (byte)'/';
            name.CopyTo(path[len..]);
            len += name.Length;
            end = start - 1;
        }
        if (len == 0) path[len++] = (byte)'/';
        return len;
    }

    /// <summary>
    /// The cgroups BYTEBUF: "controller=/path" for each controller, NUL terminated. The kernel gives
    /// the cgroup v2 path components leaf first.
    /// </summary>
    private void WriteCgroups(ReadOnlySpan<byte> components)
    {
        Span<byte> path = stackalloc byte[4096];
        int len = JoinLeafFirst(components, path);
        _cgroupControllers ??= ProcScanner.CgroupControllers();
        int total = 0;
        foreach (var c in _cgroupControllers) total += c.Length + 1 + len + 1;
        var dst = _b.Raw(Math.Min(total, 8000));
        int at = 0;
        foreach (var c in _cgroupControllers)
        {
            if (at + c.Length + len + 2 > dst.Length) break;
            at += System.Text.Encoding.ASCII.GetBytes(c, dst[at..]);
            dst[at++] = (byte)'=';
            path[..len].CopyTo(dst[at..]); at += len;
            dst[at++] = 0;
        }
    }
}
