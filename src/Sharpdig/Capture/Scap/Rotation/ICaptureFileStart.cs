using Sharpdig.Events;

namespace Sharpdig.Capture.Scap.Rotation;

/// <summary>What every new capture file starts with, so that each one can be read on its own.</summary>
public interface ICaptureFileStart
{
    /// <summary>The header section: machine, interfaces, users, threads and their fds.</summary>
    CaptureMetadata Metadata(bool firstFile);

    /// <summary>Events written right after the header (container descriptions), stamped <paramref name="timestampNs"/>.</summary>
    IEnumerable<EventRecord> LeadingEvents(ulong timestampNs);
}
