#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

// Build-time tool: renders the application's SVG icon to the PNG sizes desktops look
// up under hicolor/<size>x<size>/apps, for those that do not read SVG.
// Usage: rendezvous_rendericon ICON.svg SIZE OUT.png
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // shapes only: no platform plugin needed
    const QStringList args = app.arguments();
    QTextStream err(stderr);
    bool sizeOk = false;
    const int size = args.size() == 4 ? args.at(2).toInt(&sizeOk) : 0;
    if (!sizeOk || size <= 0) {
        err << "usage: rendezvous_rendericon ICON.svg SIZE OUT.png\n";
        return 2;
    }
    QSvgRenderer svg(args.at(1));
    if (!svg.isValid()) {
        err << "rendezvous_rendericon: cannot read " << args.at(1) << '\n';
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    painter.end();
    if (!image.save(args.at(3), "PNG")) {
        err << "rendezvous_rendericon: cannot write " << args.at(3) << '\n';
        return 1;
    }
    return 0;
}
