// placeholder, replaced below
#include <gtest/gtest.h>
TEST(Generator, Placeholder) {}
