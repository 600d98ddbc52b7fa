package com.acme.web;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class AccountController extends HttpServlet {
    private Connection conn;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = req.getParameter("id");
        try (Statement st = conn.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT owner, balance FROM accounts WHERE id = " + id);
            if (rs.next()) {
                resp.getWriter().println("<h1>Account of " + rs.getString("owner") + " for " + req.getParameter("ref") + "</h1>");
            }
        } catch (Exception e) {
            resp.sendError(500);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(req.getInputStream())) {
            Object transfer = in.readObject();
            resp.getWriter().println("queued " + transfer);
        } catch (ClassNotFoundException e) {
            resp.sendError(400);
        }
    }
}
