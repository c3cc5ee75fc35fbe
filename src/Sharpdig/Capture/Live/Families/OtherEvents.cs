using System.Buffers.Binary;

namespace Sharpdig.Capture.Live;

// Waiting (futex, poll, select, epoll, nanosleep), memory (brk, mmap, munmap, mprotect) and SysV semaphores.

internal static partial class SyscallRecipes
{
    private static void AddOtherRecipes(AddRecipe add)
    {
        var task = Item(CaptureKind.Task);
        add("futex", 64, 65, [], []);
        add("poll", 80, 81, [Item(CaptureKind.PollFds, 0, 1)], [Item(CaptureKind.PollFds, 0, 1)]);
        add("ppoll", 254, 255, [Item(CaptureKind.PollFds, 0, 1), Fixed(2, 16), Fixed(3, 8)], [Item(CaptureKind.PollFds, 0, 1)]);
        add("select", 82, 83, [], []);
        add("epoll_wait", 78, 79, [], []);
        add("nanosleep", 134, 135, [Fixed(0, 16)], []);
        add("brk", 158, 159, [], [task]);
        add("mmap", 160, 161, [], [task]);
        add("munmap", 164, 165, [], [task]);
        add("mprotect", 328, 329, [], []);
        add("semop", 250, 251, [], [Fixed(1, 12)]);
        add("semctl", 252, 253, [], []);
        add("semget", 262, 263, [], []);
    }
}

internal sealed partial class LiveEventDecoder
{
    private bool WriteOtherParams(int code, KernelRecord r)
    {
        var b = _b;
        switch (code)
        {
            case 64:  // futex >
                b.U64(r.Arg(0)); b.U16((uint)r.Arg(1)); b.U64(r.Arg(2));
                return true;
            case 65: case 83: case 79: case 135: case 329: case 253: case 263:
                Res(r);
                return true;
            case 82:
                return true;
            case 78:  // epoll_wait >
                b.I64((long)r.Arg(2));
                return true;
            case 80:  // poll >: fds, timeout (ms)
                PollFds(r.Blob(0), exit: false); b.I64((int)r.Arg(2));
                return true;
            case 81: case 255:
                Res(r); PollFds(r.Blob(0), exit: true);
                return true;
            case 254:  // ppoll >: fds, timeout, sigmask
            {
                PollFds(r.Blob(0), exit: false);
                var ts = r.Blob(1);
                b.U64(ts.Length >= 16 ? ReadU64(ts, 0) * 1_000_000_000UL + ReadU64(ts, 8) : ulong.MaxValue);
                b.U32(ReadU32(r.Blob(2), 0));
                return true;
            }
            case 134:  // nanosleep >
            {
                var ts = r.Blob(0);
                b.U64(ReadU64(ts, 0) * 1_000_000_000UL + ReadU64(ts, 8));
                return true;
            }
            case 158:  // brk >
                b.U64(r.Arg(0));
                return true;
            case 159: case 161:  // brk/mmap <: res (address) and the new vm sizes
            case 165:            // munmap <
            {
                TaskInfo.TryRead(r.Blob(0), out var task);
                if (code == 165) Res(r); else b.U64((ulong)r.Ret);
                b.U32(task.VmSizeKb); b.U32(task.VmRssKb); b.U32(task.VmSwapKb);
                return true;
            }
            case 160:  // mmap >
                b.U64(r.Arg(0)); b.U64(r.Arg(1)); b.U32((uint)r.Arg(2)); b.U32(LinuxToScap.MmapFlags(r.Arg(3)));
                Fd(r.Arg(4)); b.U64(r.Arg(5));
                return true;
            case 164:  // munmap >
                b.U64(r.Arg(0)); b.U64(r.Arg(1));
                return true;
            case 328:  // mprotect >
                b.U64(r.Arg(0)); b.U64(r.Arg(1)); b.U32((uint)r.Arg(2));
                return true;
            case 250:  // semop >
                b.I32((int)r.Arg(0));
                return true;
            case 251:  // semop <: res, nsops, then the first two sembufs
            {
                var ops = r.Blob(0);
                uint nsops = (uint)r.Arg(2);
                Res(r); b.U32(nsops);
                for (int i = 0; i < 2; i++)
                {
                    bool have = i < nsops && ops.Length >= (i + 1) * 6;
                    b.U16(have ? BinaryPrimitives.ReadUInt16LittleEndian(ops[(i * 6)..]) : 0u);
                    b.U16(have ? BinaryPrimitives.ReadUInt16LittleEndian(ops[(i * 6 + 2)..]) : 0u);
                    b.U16(have ? LinuxToScap.SemopFlags(BinaryPrimitives.ReadUInt16LittleEndian(ops[(i * 6 + 4)..])) : 0u);
                }
                return true;
            }
            case 252:  // semctl >
                b.I32((int)r.Arg(0)); b.I32((int)r.Arg(1)); b.U16(LinuxToScap.SemctlCommand(r.Arg(2)));
                b.I32(r.Arg(2) == 16 ? (int)r.Arg(3) : 0);
                return true;
            case 262:  // semget >
                b.I32((int)r.Arg(0)); b.I32((int)r.Arg(1)); b.U32(LinuxToScap.SemgetFlags(r.Arg(2)));
                return true;
            default:
                return false;
        }
    }

    /// <summary>An FDLIST from struct pollfd[] (int fd, short events, short revents).</summary>
    private void PollFds(ReadOnlySpan<byte> pollfds, bool exit)
    {
        int n = pollfds.Length / 8;
        var dst = _b.Raw(2 + n * 10);
        BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)n);
        for (int i = 0; i < n; i++)
        {
            var p = pollfds.Slice(i * 8, 8);
            BinaryPrimitives.WriteInt64LittleEndian(dst[(2 + i * 10)..], BinaryPrimitives.ReadInt32LittleEndian(p));
            short ev = BinaryPrimitives.ReadInt16LittleEndian(p[(exit ? 6 : 4)..]);
            BinaryPrimitives.WriteInt16LittleEndian(dst[(10 + i * 10)..], PollEvents(ev));
        }
    }

    /// <summary>POLL* bits to PPM_POLL* (same low bits; sysdig's table uses its own order for the rest).</summary>
    private static short PollEvents(short ev)
    {
        int r = 0;
        if ((ev & 0x001) != 0) r |= 1 << 0;   // POLLIN
        if ((ev & 0x002) != 0) r |= 1 << 1;   // POLLPRI
        if ((ev & 0x004) != 0) r |= 1 << 2;   // POLLOUT
        if ((ev & 0x040) != 0) r |= 1 << 3;   // POLLRDNORM
        if ((ev & 0x080) != 0) r |= 1 << 4;   // POLLRDBAND
        if ((ev & 0x100) != 0) r |= 1 << 5;   // POLLWRNORM
        if ((ev & 0x200) != 0) r |= 1 << 6;   // POLLWRBAND
        if ((ev & 0x2000) != 0) r |= 1 << 7;  // POLLRDHUP
        if ((ev & 0x008) != 0) r |= 1 << 8;   // POLLERR
        if ((ev & 0x010) != 0) r |= 1 << 9;   // POLLHUP
        if ((ev & 0x020) != 0) r |= 1 << 10;  // POLLNVAL
        return (short)r;
    }
}
