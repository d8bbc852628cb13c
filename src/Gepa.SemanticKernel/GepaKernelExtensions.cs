using Microsoft.SemanticKernel;

namespace Gepa.SemanticKernel;

/// <summary>Adds GEPA to a Semantic Kernel <see cref="Kernel"/>.</summary>
public static class GepaKernelExtensions
{
    /// <summary>Adds a <see cref="GepaKernelFilter"/> to the kernel's prompt-render and function-invocation filters.</summary>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The kernel.</returns>
    public static Kernel UseGepa(this Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var filter = new GepaKernelFilter();
        kernel.PromptRenderFilters.Add(filter);
        kernel.FunctionInvocationFilters.Add(filter);
        return kernel;
    }
}
