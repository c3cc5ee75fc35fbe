using Sharpdig.Capture;

namespace Sharpdig.State;

/// <summary>
/// Everything known about the captured machine at the current event: threads (with their fds),
/// users, groups, interfaces and machine info. Read-only to everyone but <see cref="StateEngine"/>.
/// </summary>
public sealed class SystemState
{
    public ThreadTable Threads { get; } = new();
    public UserTable Users { get; } = new();
    public GroupTable Groups { get; } = new();
    public InterfaceTable Interfaces { get; } = new();
    public MachineInfo? Machine { get; internal set; }
    /// <summary>Containers announced by container events, by id.</summary>
    public Dictionary<string, ContainerInfo> Containers { get; } = new();

    /// <summary>
    /// -R: the service table ports are named from in fd names, socket parameters and the
    /// fd.*proto fields; null writes numbers. Set before the capture's fd tables are loaded.
    /// </summary>
    public Formatting.ServiceTable? PortNames { get; set; }

    /// <summary>Ports of the server sockets listed in the capture's fd lists (for the role rule).</summary>
    internal HashSet<ushort> ServerPorts { get; } = new();
}
