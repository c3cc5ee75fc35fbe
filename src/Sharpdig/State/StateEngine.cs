using Sharpdig.Capture;
using Sharpdig.Events;

namespace Sharpdig.State;

/// <summary>
/// The only writer of <see cref="SystemState"/>. It imports a capture's metadata (process list,
/// fd lists, users, groups, interfaces) and then applies each event, the way sysdig 0.29.3's
/// sinsp parser does, so that renderers and filters see what sysdig users see.
/// The work is split by event family: <see cref="ProcessEvents"/> (clone/fork/execve/exit/...),
/// <see cref="FdEvents"/> (open/close/dup/pipe/...), <see cref="NetEvents"/> (socket/bind/connect/
/// accept/...) and <see cref="MiscEvents"/> (chdir, setuid, container, ...).
/// </summary>
public sealed partial class StateEngine
{
    public SystemState State { get; } = new();
    private readonly EventContext _ctx = new();

    public StateEngine() { _ctx.State = State; }

    /// <summary>The context of the last applied event.</summary>
    public EventContext Current => _ctx;
}
