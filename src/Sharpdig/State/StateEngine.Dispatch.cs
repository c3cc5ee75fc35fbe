using Sharpdig.Events;

namespace Sharpdig.State;

public sealed partial class StateEngine
{
    // Which family handles which event (sinsp_parser::process_event's switch).
    private void Dispatch(EventRecord rec, EventContext ctx, ushort type)
    {
        switch (type)
        {
            case Ppme.SocketSendtoE:
                if (ctx.Fd is null && ctx.ParserThread is not null) InferSendtoSocket(rec, ctx);
                StoreEnter(ctx, rec);
                break;
            case Ppme.SyscallOpenE: case Ppme.SyscallCreatE: case Ppme.SyscallOpenatE: case Ppme.SyscallOpenatV2E:
            case Ppme.SyscallOpenat2E:
            case Ppme.SocketSocketE: case Ppme.SyscallEventfdE: case Ppme.SyscallChdirE: case Ppme.SyscallFchdirE:
            case Ppme.SocketShutdownE: case Ppme.SyscallGetrlimitE: case Ppme.SyscallSetrlimitE: case Ppme.SyscallPrlimitE:
            case Ppme.SocketSendmsgE: case Ppme.SyscallSendfileE: case Ppme.SyscallSetresuidE: case Ppme.SyscallSetresgidE:
            case Ppme.SyscallSetuidE: case Ppme.SyscallSetgidE: case Ppme.SyscallExecveV18E: case Ppme.SyscallExecveV19E:
            case Ppme.SyscallExecveatE: case Ppme.SyscallSetpgidE:
                StoreEnter(ctx, rec);
                break;
            case Ppme.SyscallReadX: case Ppme.SyscallWriteX: case Ppme.SocketRecvX: case Ppme.SocketSendX:
            case Ppme.SocketRecvfromX: case Ppme.SocketRecvmsgX: case Ppme.SocketSendtoX: case Ppme.SocketSendmsgX:
            case Ppme.SyscallReadvX: case Ppme.SyscallWritevX: case Ppme.SyscallPreadX: case Ppme.SyscallPwriteX:
            case Ppme.SyscallPreadvX: case Ppme.SyscallPwritevX:
                ParseReadWriteExit(rec, ctx);
                break;
            case Ppme.SyscallOpenX: case Ppme.SyscallCreatX: case Ppme.SyscallOpenatX: case Ppme.SyscallOpenatV2X:
            case Ppme.SyscallOpenat2X:
                ParseOpenExit(rec, ctx);
                break;
            case Ppme.SyscallCloneV11X: case Ppme.SyscallCloneV16X: case Ppme.SyscallCloneV17X: case Ppme.SyscallCloneV20X:
            case Ppme.SyscallForkX: case Ppme.SyscallForkV17X: case Ppme.SyscallForkV20X: case Ppme.SyscallVforkX:
            case Ppme.SyscallVforkV17X: case Ppme.SyscallVforkV20X: case Ppme.SyscallClone3X:
                ParseCloneExit(rec, ctx);
                break;
            case Ppme.SyscallExecveV8X: case Ppme.SyscallExecveV13X: case Ppme.SyscallExecveV14X: case Ppme.SyscallExecveV15X:
            case Ppme.SyscallExecveV16X: case Ppme.SyscallExecveV17X: case Ppme.SyscallExecveV18X: case Ppme.SyscallExecveV19X:
            case Ppme.SyscallExecveatX:
                ParseExecveExit(rec, ctx);
                break;
            case Ppme.ProcexitE: case Ppme.ProcexitV1E:
                if (ctx.ParserThread is { } et) { et.Flags |= CloneFlags.Closed; _tidToRemove = rec.ThreadId; }
                break;
            case Ppme.SyscallPipeX: ParsePipeExit(rec, ctx); break;
            case Ppme.SocketSocketX: ParseSocketExit(rec, ctx); break;
            case Ppme.SocketBindX: ParseBindExit(rec, ctx); break;
            case Ppme.SocketConnectE: ParseConnectEnter(rec, ctx); break;
            case Ppme.SocketConnectX: ParseConnectExit(rec, ctx); break;
            case Ppme.SocketAcceptX: case Ppme.SocketAcceptV5X: case Ppme.SocketAccept4X: case Ppme.SocketAccept4V5X:
                ParseAcceptExit(rec, ctx);
                break;
            case Ppme.SyscallCloseX: ParseCloseExit(rec, ctx); break;
            case Ppme.SyscallFcntlE: ParseFcntlEnter(rec, ctx); break;
            case Ppme.SyscallFcntlX: ParseFcntlExit(rec, ctx); break;
            case Ppme.SyscallEventfdX: AddSimpleFd(rec, ctx, Capture.ScapFdType.Event); break;
            case Ppme.SyscallChdirX: ParseChdirExit(rec, ctx); break;
            case Ppme.SyscallFchdirX: ParseFchdirExit(rec, ctx); break;
            case Ppme.SyscallGetcwdX: ParseChdirExit(rec, ctx); break;   // getcwd reports the cwd the same way
            case Ppme.SocketGetsockoptX:
                if (rec.ParamCount > 0) ParseGetsockoptExit(rec, ctx);
                break;
            case Ppme.SocketShutdownX: break;
            case Ppme.SyscallDupX: ParseDupExit(rec, ctx); break;
            case Ppme.SyscallSignalfdX: AddSimpleFd(rec, ctx, Capture.ScapFdType.SignalFd); break;
            case Ppme.SyscallTimerfdCreateX: AddSimpleFd(rec, ctx, Capture.ScapFdType.TimerFd); break;
            case Ppme.SyscallInotifyInitX: AddSimpleFd(rec, ctx, Capture.ScapFdType.Inotify); break;
            case Ppme.SyscallGetrlimitX: case Ppme.SyscallSetrlimitX: ParseRlimitExit(rec, ctx); break;
            case Ppme.SyscallPrlimitX: ParsePrlimitExit(rec, ctx); break;
            case Ppme.SocketSocketpairX: ParseSocketpairExit(rec, ctx); break;
            case Ppme.SchedswitchV1E: case Ppme.SchedswitchV6E: ParseContextSwitch(rec, ctx); break;
            case Ppme.SyscallBrkV4X: case Ppme.SyscallMmapX: case Ppme.SyscallMmap2X: case Ppme.SyscallMunmapX:
                ParseMemoryExit(rec, ctx);
                break;
            case Ppme.SyscallSetresuidX: ParseSetresuidExit(rec, ctx); break;
            case Ppme.SyscallSetresgidX: ParseSetresgidExit(rec, ctx); break;
            case Ppme.SyscallSetuidX: ParseSetuidExit(rec, ctx); break;
            case Ppme.SyscallSetgidX: ParseSetgidExit(rec, ctx); break;
            case Ppme.SyscallChrootX: ParseChrootExit(rec, ctx); break;
            case Ppme.ContainerJsonE: case Ppme.ContainerJsonV2E: ParseContainerJson(rec, ctx); break;
            case Ppme.ContainerE: ParseContainerOld(rec); break;
            case Ppme.SyscallSetsidX: ParseSetsidExit(rec, ctx); break;
        }
    }
}
