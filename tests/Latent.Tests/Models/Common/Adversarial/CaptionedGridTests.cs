using Latent.Models.Common.Adversarial;
using Latent.Tensors;

namespace Latent.Tests.Models.Common.Adversarial;

public class CaptionedGridTests
{
    [Fact]
    public void EachCellIsZoomedAndItsCaptionWrittenUnderIt()
    {
        // Two black 6x6 cells, one white pixel in the first; captions "1" and "0.5".
        var images = Tensor.Zeros(2, 1, 6, 6);
        images.Data[0] = 1f;
        var png = CaptionedGrid.Compose(images, ["1", "0.5"], columns: 2, zoom: 4);
        // Cells 24 px wide plus a 14 px caption strip, 2 px padding around and between.
        Assert.Equal(2 + 2 * (24 + 2), png.Width);
        Assert.Equal(2 + 24 + 14 + 2, png.Height);
        // The white pixel becomes a 4x4 block at the first cell's corner.
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) Assert.Equal(255, png[2 + x, 2 + y]);
        Assert.Equal(0, png[2 + 4, 2]);
        // Caption ink: the glyph's bits, each a 2x2 block. '1' has 8 bits; '0', '.', '5' have 12, 1 and 11.
        Assert.Equal(8 * 4, WhiteIn(png, 2, 2 + 24, 26));
        Assert.Equal((12 + 1 + 11) * 4, WhiteIn(png, 2 + 26, 2 + 24, 26));
    }

    [Fact]
    public void CaptionsOutsideTheFontOrTooWideAreRefused()
    {
        var images = Tensor.Zeros(1, 1, 4, 4);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => CaptionedGrid.Compose(images, ["e"], 1)).Message);
        Assert.Contains("wider", Assert.Throws<ArgumentException>(() => CaptionedGrid.Compose(images, ["0.0001"], 1, zoom: 2)).Message);
        Assert.Contains("2 captions", Assert.Throws<ArgumentException>(() => CaptionedGrid.Compose(images, ["1", "2"], 1)).Message);
        Assert.Contains("[N, 1, H, W]", Assert.Throws<ArgumentException>(() => CaptionedGrid.Compose(Tensor.Zeros(1, 3, 4, 4), ["1"], 1)).Message);
    }

    private static int WhiteIn(Latent.IO.PngImage png, int left, int top, int width)
    {
        int count = 0;
        for (int y = top; y < png.Height; y++) for (int x = left; x < left + width && x < png.Width; x++) if (png[x, y] == 255) count++;
        return count;
    }
}
