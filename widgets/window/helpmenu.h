#pragma once

class QMenuBar;
class QWidget;

// Help ▸ About Rendezvous (version, data attribution) and About Qt, on the window's bar.
void addHelpMenu(QMenuBar *bar, QWidget *window);
