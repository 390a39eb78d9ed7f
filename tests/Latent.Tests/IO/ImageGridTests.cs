using Latent.IO;
using Latent.Tensors;

namespace Latent.Tests.IO;

public class ImageGridTests
{
    [Fact]
    public void TilesImagesWithPaddingAndMapsTheRange()
    {
        var images = Tensor.Zeros(5, 1, 3, 4);
        for (int n = 0; n < 5; n++) images.Data.Slice(n * 12, 12).Fill(-1f + 0.5f * n); // -1, -0.5, 0, 0.5, 1
        var grid = ImageGrid.Compose(images, columns: 3, low: -1f, high: 1f, padding: 1, paddingValue: 7);

        Assert.Equal(3 * (4 + 1) + 1, grid.Width);
        Assert.Equal(2 * (3 + 1) + 1, grid.Height);
        Assert.Equal(1, grid.Channels);
        Assert.Equal(7, grid[0, 0]);
        Assert.Equal(0, grid[1, 1]);                   // image 0 = −1 → black
        Assert.Equal(128, grid[1 + 2 * 5, 1]);         // image 2 = 0 → mid grey
        Assert.Equal(255, grid[1 + 1 * 5, 1 + 4]);     // image 4 (row 1, column 1) = 1 → white
        Assert.Equal(7, grid[1 + 2 * 5, 1 + 4]);       // the empty sixth cell stays padding
    }

    [Fact]
    public void ClampsOutOfRangeAndNaN()
    {
        var images = new Tensor([-3f, 0.5f, 9f, float.NaN], 1, 1, 2, 2);
        var grid = ImageGrid.Compose(images, padding: 0);
        Assert.Equal([0, 128, 255, 0], grid.Pixels);
    }

    [Fact]
    public void RgbImagesKeepTheirChannels()
    {
        var images = Tensor.Zeros(2, 3, 2, 2);
        images[1, 2, 0, 0] = 1f; // blue pixel in the second image
        var grid = ImageGrid.Compose(images, columns: 2, padding: 0);
        Assert.Equal(3, grid.Channels);
        Assert.Equal(255, grid[2, 0, 2]);
        Assert.Equal(0, grid[2, 0, 0]);
    }

    [Fact]
    public void SavesAReadablePng()
    {
        using var dir = new TempDirectory();
        var path = dir.File("samples/grid.png");
        ImageGrid.Save(Tensor.Rand([16, 1, 8, 8], new Generator(0)), path);
        var back = PngReader.Read(path);
        Assert.Equal(4 * 10 + 2, back.Width);
    }

    [Fact]
    public void RejectsBadShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Compose(Tensor.Zeros(2, 2, 4, 4)));
        Assert.Contains("[2, 2, 4, 4]", e.Message);
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose(Tensor.Zeros(2, 16)));
    }
}
