namespace Sharpdig.Capture.Live;

// Files, directories, fds and plain I/O: what the kernel copies and how the parameters are written.

internal static partial class SyscallRecipes
{
    private static void AddFileRecipes(AddRecipe add)
    {
        var ok = CaptureWhen.OnSuccess;
        add("open", 2, 3, [Str(0)], [Str(0), Item(CaptureKind.FileOfRet, when: ok)]);
        add("openat", 306, 307, [Str(1)], [Str(1), Item(CaptureKind.FileOfRet, when: ok)]);
        add("openat2", 326, 327, [Str(1), Fixed(2, 24)], [Str(1), Fixed(2, 24)]);
        add("creat", 58, 59, [Str(0)], [Str(0), Item(CaptureKind.FileOfRet, when: ok)]);
        add("close", 4, 5, [], []);
        add("read", 6, 7, [], [BufRet(1)]);
        add("write", 8, 9, [], [BufRet(1)]);
        add("pread64", 112, 113, [], [BufRet(1)]);
        add("pwrite64", 114, 115, [], [BufRet(1)]);
        add("readv", 116, 117, [], [Item(CaptureKind.IovecRet, 1, 2)]);
        add("writev", 118, 119, [Item(CaptureKind.IovecArg, 1, 2)], [Item(CaptureKind.IovecRet, 1, 2)]);
        add("preadv", 120, 121, [], [Item(CaptureKind.IovecRet, 1, 2)]);
        add("pwritev", 122, 123, [Item(CaptureKind.IovecArg, 1, 2)], [Item(CaptureKind.IovecRet, 1, 2)]);
        add("lseek", 86, 87, [], []);
        add("stat", 66, 67, [], [Str(0)]);
        add("lstat", 68, 69, [], [Str(0)]);
        add("fstat", 70, 71, [], []);
        add("getdents", 236, 237, [], []);
        add("getdents64", 238, 239, [], []);
        add("getcwd", 92, 93, [], [Str(0, ok)]);
        add("chdir", 94, 95, [], [Str(0)]);
        add("fchdir", 96, 97, [], []);
        add("mkdir", 276, 277, [], [Str(0)]);
        add("rmdir", 278, 279, [], [Str(0)]);
        add("unlink", 300, 301, [], [Str(0)]);
        add("unlinkat", 302, 303, [], [Str(1)]);
        add("mkdirat", 304, 305, [], [Str(1)]);
        add("rename", 174, 175, [], [Str(0), Str(1)]);
        add("renameat", 176, 177, [], [Str(1), Str(3)]);
        add("renameat2", 318, 319, [], [Str(1), Str(3)]);
        add("symlink", 178, 179, [], [Str(0), Str(1)]);
        add("symlinkat", 180, 181, [], [Str(0), Str(2)]);
        add("link", 308, 309, [], [Str(0), Str(1)]);
        add("linkat", 310, 311, [], [Str(1), Str(3)]);
        add("fchmodat", 312, 313, [], [Str(1)]);
        add("chmod", 314, 315, [], [Str(0)]);
        add("fchmod", 316, 317, [], []);
        add("access", 264, 265, [], [Str(0)]);
        add("chroot", 266, 267, [], [Str(0)]);
        add("mount", 256, 257, [], [Str(0), Str(1), Str(2)]);
        add("umount2", 258, 259, [], [Str(0)]);
        add("flock", 242, 243, [], []);
        add("dup", 124, 125, [], []);
        add("dup2", 124, 125, [], []);
        add("dup3", 124, 125, [], []);
        add("fcntl", 150, 151, [], []);
        add("sendfile", 188, 189, [Fixed(2, 8)], [Fixed(2, 8)]);
        add("splice", 166, 167, [], []);
        add("copy_file_range", 332, 333, [Fixed(1, 8)], [Fixed(3, 8)]);
        add("ioctl", 170, 171, [], []);
        add("pipe", 60, 61, [], [Item(CaptureKind.Pipe, 0, when: ok)]);
        add("pipe2", 60, 61, [], [Item(CaptureKind.Pipe, 0, when: ok)]);
        add("eventfd", 62, 63, [], []);
        add("eventfd2", 62, 63, [], []);
        add("inotify_init", 138, 139, [], []);
        add("inotify_init1", 138, 139, [], []);
        add("signalfd", 126, 127, [Fixed(1, 8)], []);
        add("signalfd4", 126, 127, [Fixed(1, 8)], []);
        add("timerfd_create", 136, 137, [], []);
        add("userfaultfd", 320, 321, [], []);
    }
}

internal sealed partial class LiveEventDecoder
{
    private bool WriteFileParams(int code, KernelRecord r)
    {
        var b = _b;
        switch (code)
        {
            case 2:  // open >
                Path(r, 0); b.U32(LinuxToScap.OpenFlags(r.Arg(1))); b.U32(LinuxToScap.OpenMode(r.Arg(1), r.Arg(2)));
                return true;
            case 3:  // open <
                Res(r); Path(r, 0); b.U32(LinuxToScap.OpenFlags(r.Arg(1))); b.U32(LinuxToScap.OpenMode(r.Arg(1), r.Arg(2)));
                b.U32(FileDev(r.Blob(1)));
                return true;
            case 306:  // openat >
                Fd(r.Arg(0)); Path(r, 0); b.U32(LinuxToScap.OpenFlags(r.Arg(2))); b.U32(LinuxToScap.OpenMode(r.Arg(2), r.Arg(3)));
                return true;
            case 307:  // openat <
                Res(r); Fd(r.Arg(0)); Path(r, 0); b.U32(LinuxToScap.OpenFlags(r.Arg(2)));
                b.U32(LinuxToScap.OpenMode(r.Arg(2), r.Arg(3))); b.U32(FileDev(r.Blob(1)));
                return true;
            case 326:
            case 327:  // openat2: struct open_how { u64 flags, mode, resolve }
            {
                var how = r.Blob(1);
                ulong flags = ReadU64(how, 0), mode = ReadU64(how, 8), resolve = ReadU64(how, 16);
                if (code == 327) Res(r);
                Fd(r.Arg(0)); Path(r, 0); b.U32(LinuxToScap.OpenFlags(flags)); b.U32(LinuxToScap.OpenMode(flags, mode));
                b.U32(LinuxToScap.ResolveFlags(resolve));
                return true;
            }
            case 58:  // creat >
                Path(r, 0); b.U32((uint)(r.Arg(1) & 0xFFFF));
                return true;
            case 59:
                Res(r); Path(r, 0); b.U32((uint)(r.Arg(1) & 0xFFFF)); b.U32(FileDev(r.Blob(1)));
                return true;
            case 4: case 70: case 96: case 124: case 236: case 238:  // fd only
                Fd(r.Arg(0));
                return true;
            case 5: case 71: case 97: case 125: case 237: case 239: case 87: case 243: case 151: case 167: case 171:
            case 63: case 139: case 127: case 137:
                Res(r);
                return true;
            case 6: case 8:  // read/write >
                Fd(r.Arg(0)); b.U32((uint)r.Arg(2));
                return true;
            case 7: case 9: case 113: case 115: case 119: case 123:  // res + data
                Res(r);
                b.Bytes(code is 119 or 123 ? IovData(r.Blob(0)) : r.Blob(0));
                return true;
            case 112: case 114:  // pread/pwrite >
                Fd(r.Arg(0)); b.U32((uint)r.Arg(2)); b.U64(r.Arg(3));
                return true;
            case 116:  // readv >
                Fd(r.Arg(0));
                return true;
            case 117: case 121:  // readv/preadv <: res, size, data
                Res(r); b.U32((uint)ReadU64(r.Blob(0), 0)); b.Bytes(IovData(r.Blob(0)));
                return true;
            case 118:  // writev >
                Fd(r.Arg(0)); b.U32((uint)ReadU64(r.Blob(0), 0));
                return true;
            case 120:  // preadv >
                Fd(r.Arg(0)); b.U64(r.Arg(3));
                return true;
            case 122:  // pwritev >
                Fd(r.Arg(0)); b.U32((uint)ReadU64(r.Blob(0), 0)); b.U64(r.Arg(3));
                return true;
            case 86:  // lseek >
                Fd(r.Arg(0)); b.U64(r.Arg(1)); b.U8((uint)r.Arg(2));
                return true;
            case 67: case 69: case 93: case 95: case 277: case 279: case 301: case 265: case 267: case 259:
                Res(r); Path(r, 0);
                return true;
            case 276:  // mkdir >
                b.U32((uint)r.Arg(1));
                return true;
            case 303:  // unlinkat <
                Res(r); Fd(r.Arg(0)); Path(r, 0); b.U32((uint)r.Arg(2) & 0x200);
                return true;
            case 305:  // mkdirat <
                Res(r); Fd(r.Arg(0)); Path(r, 0); b.U32((uint)r.Arg(2));
                return true;
            case 175: case 179: case 309:  // two paths
                Res(r); Path(r, 0); Path(r, 1);
                return true;
            case 177: case 319:  // renameat(2)
                Res(r); Fd(r.Arg(0)); Path(r, 0); Fd(r.Arg(2)); Path(r, 1);
                if (code == 319) b.U32((uint)r.Arg(4) & 7);
                return true;
            case 181:  // symlinkat <
                Res(r); b.String(r.Blob(0)); Fd(r.Arg(1)); Path(r, 1);
                return true;
            case 311:  // linkat <
                Res(r); Fd(r.Arg(0)); Path(r, 0); Fd(r.Arg(2)); Path(r, 1); b.U32((uint)r.Arg(4) & 0x1400);
                return true;
            case 313:  // fchmodat <
                Res(r); Fd(r.Arg(0)); Path(r, 0); b.U32((uint)r.Arg(2) & 0xFFF);
                return true;
            case 315:  // chmod <
                Res(r); Path(r, 0); b.U32((uint)r.Arg(1) & 0xFFF);
                return true;
            case 317:  // fchmod <
                Res(r); Fd(r.Arg(0)); b.U32((uint)r.Arg(1) & 0xFFF);
                return true;
            case 264:  // access >
                b.U32((uint)r.Arg(1) & 7);
                return true;
            case 256:  // mount >
            {
                ulong flags = r.Arg(3);
                if ((flags & 0xFFFF0000) == 0xC0ED0000) flags &= 0xFFFF;  // the old MS_MGC_VAL magic
                b.U32((uint)flags);
                return true;
            }
            case 257:
                Res(r); b.String(r.Blob(0)); Path(r, 1); b.String(r.Blob(2));
                return true;
            case 258:  // umount >
                b.U32(LinuxToScap.UmountFlags(r.Arg(1)));
                return true;
            case 242:  // flock >
                Fd(r.Arg(0)); b.U32((uint)r.Arg(1) & 0xF);
                return true;
            case 150:  // fcntl >
                Fd(r.Arg(0)); b.U8(LinuxToScap.FcntlCommand(r.Arg(1)));
                return true;
            case 188:  // sendfile >
                Fd(r.Arg(0)); Fd(r.Arg(1)); b.U64(ReadU64(r.Blob(0), 0)); b.U64(r.Arg(3));
                return true;
            case 189:
                Res(r); b.U64(ReadU64(r.Blob(0), 0));
                return true;
            case 166:  // splice >
                Fd(r.Arg(0)); Fd(r.Arg(2)); b.U64(r.Arg(4)); b.U32((uint)r.Arg(5) & 0xF);
                return true;
            case 332:  // copy_file_range >
                Fd(r.Arg(0)); b.U64(ReadU64(r.Blob(0), 0)); b.U64(r.Arg(4));
                return true;
            case 333:
                Res(r); Fd(r.Arg(2)); b.U64(ReadU64(r.Blob(0), 0));
                return true;
            case 170:  // ioctl >
                Fd(r.Arg(0)); b.U64(r.Arg(1)); b.U64(r.Arg(2));
                return true;
            case 60: case 66: case 68: case 92: case 94: case 174: case 176: case 178: case 180: case 300: case 302:
            case 304: case 308: case 310: case 312: case 314: case 316: case 318: case 266: case 278: case 320:
                return true;  // enter events without parameters
            case 61:  // pipe <
            {
                var blob = r.Blob(0);
                Res(r); b.I64((int)ReadU32(blob, 0)); b.I64((int)ReadU32(blob, 4)); b.U64(ReadU64(blob, 8));
                return true;
            }
            case 62:  // eventfd >
                b.U64(r.Arg(0)); b.U32(r.SyscallNr == SyscallRecipes.NrOf("eventfd2") ? (uint)r.Arg(1) : 0);
                return true;
            case 138:  // inotify_init >
                b.U8(r.SyscallNr == SyscallRecipes.NrOf("inotify_init1") ? (uint)r.Arg(0) : 0);
                return true;
            case 126:  // signalfd >
                Fd(r.Arg(0)); b.U32((uint)ReadU64(r.Blob(0), 0)); b.U8(r.SyscallNr == SyscallRecipes.NrOf("signalfd4") ? (uint)r.Arg(3) : 0);
                return true;
            case 136:  // timerfd_create >
                b.U8((uint)r.Arg(0)); b.U8((uint)r.Arg(1));
                return true;
            case 321:  // userfaultfd <
                Res(r); b.U32(LinuxToScap.OpenFlags(r.Arg(0)) & ~1u);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The data part of an Iovec blob (after its u64 total length).</summary>
    private static ReadOnlySpan<byte> IovData(ReadOnlySpan<byte> blob) => blob.Length > 8 ? blob[8..] : default;
}
