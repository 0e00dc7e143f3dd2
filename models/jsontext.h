#pragma once

#include <QByteArray>
#include <QJsonObject>

// JSON text of the command line's --json, exactly as QJsonDocument::toJson(Indented)
// writes it, with the long arrays of the top-level object (detect's thousands of
// events) written in parts on both cores: Qt's writer indents by level alone and
// separates array items by ",\n", so an array written in chunks, each chunk as its own
// document, is the same text once the chunks' lines are shifted to the array's level.
namespace jsontext {

QByteArray indented(const QJsonObject &object, unsigned threads = 0); // 0: every core

} // namespace jsontext
