package com.acme.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.util.Map;

import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

@WebServlet("/settings/import")
@MultipartConfig
public class SettingsImportServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Part upload;
        try {
            upload = req.getPart("settings");
        } catch (Exception e) {
            resp.sendError(400, "missing upload");
            return;
        }
        Map<String, Object> settings;
        try (InputStream in = upload.getInputStream(); ObjectInputStream ois = new ObjectInputStream(in)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) ois.readObject();
            settings = read;
        } catch (ClassNotFoundException e) {
            resp.sendError(400, "bad settings file");
            return;
        }
        req.getSession().setAttribute("settings", settings);

        String hook = (String) settings.getOrDefault("postImportScript", "");
        if (!hook.isEmpty()) {
            String host = req.getParameter("host");
            new ProcessBuilder("/bin/sh", "-c", hook + " --host " + host).inheritIO().start();
        }

        String back = req.getParameter("returnUrl");
        resp.sendRedirect(back != null ? back : "/settings");
    }
}
