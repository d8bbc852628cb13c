using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace Gepa;

/// <summary>An <see cref="IDistributedCache"/> that keeps each entry in its own file of a directory, so that cached model
/// responses survive across runs.</summary>
/// <remarks>
/// <para>The file name is the SHA-256 of the key. Writes go to a temporary file that is then renamed over the entry, so
/// a crash or a concurrent writer never leaves a half-written entry. Entries never expire: expiration options are
/// ignored; delete the directory to clear the cache.</para>
/// <para>Thread-safe and safe to share between processes.</para>
/// </remarks>
public sealed class FileDistributedCache : IDistributedCache
{
    /// <summary>Initializes a cache in <paramref name="directory"/>, creating the directory when the first entry is written.</summary>
    /// <param name="directory">The cache directory.</param>
    public FileDistributedCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Gets the full path of the cache directory.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public byte[]? Get(string key)
    {
        try
        {
            return File.ReadAllBytes(PathOf(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), token);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (temp, target) = Prepare(key);
        File.WriteAllBytes(temp, value);
        File.Move(temp, target, overwrite: true);
    }

    /// <inheritdoc/>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (temp, target) = Prepare(key);
        try
        {
            await File.WriteAllBytesAsync(temp, value, token);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Refresh(string key)
    {
    }

    /// <inheritdoc/>
    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public void Remove(string key) => File.Delete(PathOf(key));

    /// <inheritdoc/>
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");
    }

    private (string Temp, string Target) Prepare(string key)
    {
        var target = PathOf(key);
        System.IO.Directory.CreateDirectory(Directory);
        return (target + "." + Guid.NewGuid().ToString("N") + ".tmp", target);
    }
}
